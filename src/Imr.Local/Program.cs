using System.Net;
using Imr.Http;
using Imr.Local;
using Imr.Local.Azurite;
using Imr.Local.Engine;
using Imr.Local.Recovery;
using Imr.Local.SignIn;
using Imr.Local.Watching;
using Imr.Storage;
using Imr.Workflow;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The whole system on one machine: Azurite (started here unless a connection string is configured), the durable engine,
// the HTTP API on 127.0.0.1:7071/api, the blob watchers and the escalation timer. Ctrl-C stops all of it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The console (src/Imr.Console) is served from the build output in every environment, not only in Development.
builder.WebHost.UseStaticWebAssets();
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--engine"] = $"{LocalOptions.Section}:{nameof(LocalOptions.Engine)}",
    ["--port"] = $"{LocalOptions.Section}:{nameof(LocalOptions.Port)}",
    ["--seconds-per-day"] = $"{LocalOptions.Section}:SecondsPerStatutoryDay",
    ["--consolidate"] = $"{LocalOptions.Section}:Consolidate",
});

// Checked before anything starts, so a setting out of range stops the host naming it; the services get the same
// section through the options pipeline.
var options = LocalOptions.Read(builder.Configuration);
LocalOptions.Register(builder.Services);

await using var azurite = await StartStorageAsync(builder.Configuration, options).ConfigureAwait(false);
if (azurite is not null)
{
    builder.Configuration["ImrStorage"] = azurite.ConnectionString;
}

await using var taskHubAzurite = await StartTaskHubStorageAsync(options, azurite).ConfigureAwait(false);

// The Azure Storage engine's task hub: its own account when one is named or started, else the application's.
var (taskHubConnectionString, taskHubPlace) =
    options.UsesMemoryEngine ? (null, "memory")
    : !string.IsNullOrWhiteSpace(options.TaskHubConnectionString) ? (options.TaskHubConnectionString, "its own storage, as configured")
    : taskHubAzurite is not null ? (taskHubAzurite.ConnectionString, $"its own Azurite on 127.0.0.1:{taskHubAzurite.BlobPort}")
    : (builder.Configuration["ImrStorage"], "the application's storage");

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);

    // Records may be up to 50 MiB; the application refuses anything larger with a 413 naming the limit.
    kestrel.Limits.MaxRequestBodySize = RecordIntake.MaxRecordBytes + 1;

    // Kestrel answers a request over these itself, with an empty 414 or 431, before any middleware (docs/api.md, Size limits).
    kestrel.Limits.MaxRequestLineSize = 8 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
    kestrel.Limits.MaxRequestHeaderCount = 100;

    // Every byte of an Idempotency-Key reaches the application, which refuses one outside ASCII with a problem naming the
    // header; decoded as UTF-8, a key that is not UTF-8 would be refused by Kestrel with an empty 400.
    kestrel.RequestHeaderEncodingSelector = name =>
        string.Equals(name, SubmitCaseEndpoint.IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase) ? System.Text.Encoding.Latin1 : null;
});

// Ctrl-C should stop everything promptly; the durable engine resumes unfinished work on the next start.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<EngineReadiness>();
builder.Services.AddImrStorage(builder.Configuration);
builder.Services.AddCaseWorkflowActivities();
builder.Services.AddSingleton(CaseStartSettings.For(
    builder.Configuration.GetSection(LocalOptions.Section).GetValue<double?>("SecondsPerStatutoryDay"),
    consolidate: builder.Configuration.GetSection(LocalOptions.Section).GetValue<bool>("Consolidate")));
builder.Services.AddCaseApplicationWithEngineClient();
builder.Services.AddExceptionHandler<RequestFailureHandler>();
builder.Services.AddImrProblemDetails();
builder.Services.AddImrSignIn();
var grpcPort = builder.AddDurableEngine(
    options,
    taskHubConnectionString,
    registry => registry.AddCaseWorkflow());
builder.Services.AddRedeliveredStartGuard();
builder.Services.AddHostedService<BlobWatcher>();
builder.Services.AddHostedService<EscalationTimer>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    // A status the framework answers with an empty body (405 for a wrong method, for instance) still gets a problem body.
    var http = context.HttpContext;
    if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
    {
        await ProblemResults.Problem(http.Response.StatusCode, http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? "The route does not take this method."
                : "The request was refused.")
            .ExecuteAsync(http).ConfigureAwait(false);
    }
});
app.UseAuthentication();
app.UseAuthorization();
app.MapImrApi(options.Port);
app.MapConsole();
app.MapDurableEngine(grpcPort);
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.Listening(
        options.Port,
        $"http://127.0.0.1:{options.Port}{ConsoleRoutes.Path}",
        options.UsesMemoryEngine ? "in-memory" : "Azure Storage",
        azurite is null ? "as configured" : $"Azurite on 127.0.0.1:{azurite.BlobPort}",
        taskHubPlace));
if (app.Configuration.GetValue<bool>(DevelopmentSignInHandler.Setting))
{
    app.Lifetime.ApplicationStarted.Register(() => app.Logger.DevelopmentSignInOn(DevelopmentSignInHandler.Setting, DevelopmentSignInHandler.Header));
}

await app.RunAsync().ConfigureAwait(false);

static async Task<AzuriteProcess?> StartStorageAsync(IConfiguration configuration, LocalOptions options)
{
    if (!string.IsNullOrWhiteSpace(configuration["ImrStorage"]) || !string.IsNullOrWhiteSpace(configuration["ImrStorage:BlobServiceUri"]))
    {
        return null;
    }

    var root = RepositoryRoot.Find(options.RepositoryRoot);
    var location = options.AzuriteLocation ?? Path.Combine(root, ".data", "azurite");
    return await AzuriteProcess.StartAsync(root, location, options.AzuriteBlobPort, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
}

// The task hub in a second Azurite, as the Functions app can keep it in its own account (AzureWebJobsStorage beside
// ImrStorage): one emulator process serves every request on one thread, so the engine's queue and history traffic and
// the application's reads and writes otherwise wait on each other, which separate storage accounts in Azure do not.
static async Task<AzuriteProcess?> StartTaskHubStorageAsync(LocalOptions options, AzuriteProcess? applicationAzurite)
{
    if (!options.StartsTaskHubAzurite)
    {
        return null;
    }

    if (applicationAzurite is null)
    {
        throw new InvalidOperationException(
            $"{LocalOptions.Section}:{nameof(LocalOptions.TaskHubStorage)}={LocalOptions.SeparateTaskHubStorage} starts a second Azurite only beside the one Imr.Local starts; " +
            $"with ImrStorage configured, set {LocalOptions.Section}:{nameof(LocalOptions.TaskHubConnectionString)} instead.");
    }

    var root = RepositoryRoot.Find(options.RepositoryRoot);
    var location = (options.AzuriteLocation ?? Path.Combine(root, ".data", "azurite")).TrimEnd(Path.DirectorySeparatorChar) + "-taskhub";
    try
    {
        return await AzuriteProcess.StartAsync(root, location, applicationAzurite.BlobPort + 3, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
    }
    catch (InvalidOperationException e)
    {
        throw new InvalidOperationException(
            $"The task hub's own Azurite ({LocalOptions.Section}:{nameof(LocalOptions.TaskHubStorage)}={LocalOptions.SeparateTaskHubStorage}) did not start: {e.Message}", e);
    }
}

/// <summary>The entry point's type, so tests can refer to the assembly.</summary>
internal sealed partial class Program;
