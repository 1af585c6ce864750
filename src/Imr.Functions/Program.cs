using Imr.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions app: thin triggers over the same application services Imr.Local runs.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddImrFunctionsApp(builder.Configuration);
builder.Services.AddImrTelemetry(builder.Configuration);
builder.Build().Run();
