using Imr.Storage;
using Imr.Workflow;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Functions app: thin triggers over the same application services Imr.Local runs.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddImrStorage(builder.Configuration);
builder.Services.AddCaseWorkflowActivities();
builder.Services.AddCaseApplication();
builder.Build().Run();
