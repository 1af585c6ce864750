using Imr.Console;
using Imr.Console.Api;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The host that serves the console serves the API beside it, under /api/.
builder.Services.AddScoped(_ => new CaseApi(new HttpClient { BaseAddress = new Uri(new Uri(builder.HostEnvironment.BaseAddress), "/api/") }));

await builder.Build().RunAsync().ConfigureAwait(false);
