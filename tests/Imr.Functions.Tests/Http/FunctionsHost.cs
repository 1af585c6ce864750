using System.Text;
using System.Text.Json.Nodes;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Tests.Http;

/// <summary>
/// What the Functions host would give the HTTP functions, without the host: the app's services on a real Azurite,
/// and a real <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> from the in-process test engine running the workflow.
/// </summary>
public sealed class FunctionsHost : IAsyncLifetime, IAsyncDisposable
{
    private readonly AzuriteInstance azurite = new();
    private DurableTaskTestHost engine = null!;

    /// <summary>The app's services, as Program.cs registers them.</summary>
    public IServiceProvider Services { get; private set; } = null!;

    /// <summary>The application's storage (Azurite), where the notices of assignment are queued.</summary>
    public string StorageConnectionString => azurite.ConnectionString;

    /// <summary>The durable client the <c>[DurableClient]</c> binding would supply.</summary>
    public Microsoft.DurableTask.Client.DurableTaskClient Client => engine.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ImrStorage"] = azurite.ConnectionString, ["IMR_EASY_AUTH_ENABLED"] = "true" })
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        Register(services, configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        Services = provider;

        engine = await DurableTaskTestHost.StartAsync(
            registry => registry.AddCaseWorkflow(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = engineServices => Register(engineServices, configuration),
                LoggerFactory = LoggerFactory.Create(_ => { }),
            });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// An HTTP request as the ASP.NET Core integration hands it to a function, from <paramref name="caller"/> (staff unless
    /// named) as App Service Authentication would present them.
    /// </summary>
    public HttpRequest Request(string method, string? body = null, string contentType = "application/json", IDictionary<string, string>? headers = null, string? query = null, ImrCaller? caller = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if ((caller ?? ImrCaller.Staff).Role is not null)
        {
            context.Request.Headers[CallerIdentityHandler.EasyAuthHeader] = CallerIdentityHandler.ClientPrincipal(caller ?? ImrCaller.Staff);
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Executes a function's result the way the Functions middleware does; returns status, content type and body.</summary>
    public static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(HttpRequest request, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(request.HttpContext, new RouteData(), new ActionDescriptor()));
        var response = request.HttpContext.Response;
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body);
        return (response.StatusCode, response.ContentType, await reader.ReadToEndAsync());
    }

    /// <summary>The seed case from docs/examples with its own case number.</summary>
    public static string SeedCase(string caseNumber)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "seed-case.json")))!;
        node["caseNumber"] = caseNumber;
        return node.ToJsonString();
    }

    /// <summary>A demo reviewer profile with its own id.</summary>
    public static string Reviewer(string id)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "reviewer-occupational-medicine.json")))!;
        node["id"] = id;
        return node.ToJsonString();
    }

    private static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddImrStorage(configuration);
        services.AddCaseWorkflowActivities();
        services.AddCaseApplication();
    }
}
