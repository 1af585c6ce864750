using Imr.Console;
using Imr.Console.Api;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The host that serves the console serves the API beside it, under /api/; every call carries the signed-in user.
builder.Services.AddSingleton<DevelopmentUser>();
builder.Services.AddScoped(services => new CaseApi(
    new HttpClient(new DevelopmentUserHandler(services.GetRequiredService<DevelopmentUser>())) { BaseAddress = new Uri(new Uri(builder.HostEnvironment.BaseAddress), "/api/") }));

var host = builder.Build();
await host.Services.GetRequiredService<DevelopmentUser>().LoadAsync(host.Services.GetRequiredService<IJSRuntime>()).ConfigureAwait(false);
await host.RunAsync().ConfigureAwait(false);
