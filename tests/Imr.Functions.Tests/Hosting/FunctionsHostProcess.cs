using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Imr.Functions.Tests.Hosting;

/// <summary>
/// The published Functions app under the real Azure Functions host, as a process on a free loopback port, with its own task
/// hub, host id, keys and state folder. Blob events are POSTed to the host's blob webhook as Event Grid delivers them.
/// <see cref="Kill"/> is <c>kill -9</c> of the host and its worker.
/// </summary>
public sealed class FunctionsHostProcess : IImrHost
{
    private readonly StringBuilder output = new();
    private readonly ProcessStartInfo start;
    private readonly string masterKey;
    private readonly Uri blobEndpoint;
    private Process process = null!;
    private string? blobsExtensionKey;

    private FunctionsHostProcess(ProcessStartInfo start, int port, string masterKey, Uri blobEndpoint)
    {
        this.start = start;
        this.masterKey = masterKey;
        this.blobEndpoint = blobEndpoint;
        Port = port;
        Root = new Uri($"http://127.0.0.1:{port}/");
        // The host here runs no App Service Authentication: the clients send the header it would set, which the app believes
        // because IMR_EASY_AUTH_ENABLED says Easy Auth fronts it (docs/security.md, "Trust boundary").
        Anonymous = CallerIdentityHandler.Client(new Uri(Root, "api/"), CallerHeader.EasyAuth, ImrCaller.None);
        Api = CallerIdentityHandler.Client(new Uri(Root, "api/"), CallerHeader.EasyAuth, ImrCaller.Staff);
        Api.DefaultRequestHeaders.Add("x-functions-key", masterKey);
    }

    /// <summary>The host's port.</summary>
    public int Port { get; }

    /// <summary>The host's master key, which every function-level route takes as <c>x-functions-key</c> or <c>?code=</c>.</summary>
    public string MasterKey => masterKey;

    /// <summary>The host's root address (the admin API and webhooks live beside <c>/api</c>).</summary>
    public Uri Root { get; }

    /// <inheritdoc />
    public HttpClient Api { get; }

    /// <inheritdoc />
    public HttpClient Anonymous { get; }

    /// <inheritdoc />
    public bool AnswersUnknownRoutes { get; }

    /// <inheritdoc />
    public bool ForwardsNonAsciiHeaders => false;

    /// <inheritdoc />
    public bool RequiresKey => FunctionsHostRunner.Script is not null;

    /// <inheritdoc />
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app in <paramref name="publishDirectory"/> under the host, on storage <paramref name="connectionString"/>
    /// (both <c>AzureWebJobsStorage</c> and the app's <c>ImrStorage</c>), in Development as <c>func start</c> runs it, and waits
    /// until it is healthy. The escalation timer runs every <paramref name="timerSeconds"/> seconds.
    /// </summary>
    public static async Task<FunctionsHostProcess> StartAsync(
        string publishDirectory, string connectionString, string taskHub, double? secondsPerDay, int timerSeconds = 5, bool consolidate = false)
    {
        var port = FreePort();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');
        var state = Directory.CreateTempSubdirectory($"imr-functions-host-{taskHub}-").FullName;
        var info = FunctionsHostRunner.Script is { } script
            ? new ProcessStartInfo("bash") { ArgumentList = { script, publishDirectory, port.ToString(CultureInfo.InvariantCulture) } }
            : new ProcessStartInfo(FunctionsHostRunner.Func!) { ArgumentList = { "start", "--port", port.ToString(CultureInfo.InvariantCulture) }, WorkingDirectory = publishDirectory };
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (name, value) in new Dictionary<string, string>
        {
            // The settings docs/api.md lists for a local run, and nothing more: a setting the app needs but the docs lack fails here.
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AzureWebJobsStorage"] = connectionString,
            ["ImrStorage"] = connectionString,
            ["IMR_TASK_HUB"] = taskHub,
            ["IMR_ESCALATION_SCHEDULE"] = $"*/{timerSeconds} * * * * *",
            ["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["IMR_EASY_AUTH_ENABLED"] = "true",

            // Test-only: many hosts share one Azurite, each its own host id (timer locks), keys and state.
            ["AzureFunctionsWebHost__hostid"] = $"imr-{taskHub}".ToLowerInvariant(),
            ["IMR_FUNCTIONS_MASTER_KEY"] = key,
            ["IMR_FUNCTIONS_STATE_DIR"] = state,

            // Recovery after kill -9 waits for the engine's queue messages to become visible again: 1 minute (the least the extension takes), not 5.
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:01:00",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:01:00",
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
            ["AzureFunctionsJobHost__logging__logLevel__Function"] = "Information",
        })
        {
            info.Environment[name] = value;
        }

        if (secondsPerDay is { } seconds)
        {
            info.Environment[FunctionsApp.SecondsPerStatutoryDaySetting] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (consolidate)
        {
            info.Environment[FunctionsApp.ConsolidateSetting] = "true";
        }

        var host = new FunctionsHostProcess(info, port, key, BlobEndpoint(connectionString));
        await host.StartProcessAsync();
        return host;
    }

    /// <inheritdoc />
    public async Task BlobsCreatedAsync(params (string Container, string Name)[] blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        foreach (var (container, name) in blobs)
        {
            var function = container switch
            {
                "intake" => "IntakeBlobTrigger",
                "cases" => "RecordBlobTrigger",
                _ => throw new ArgumentException($"No blob trigger watches '{container}'.", nameof(blobs)),
            };
            var blobEvent = new JsonArray(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["eventType"] = "Microsoft.Storage.BlobCreated",
                ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
                ["subject"] = $"/blobServices/default/containers/{container}/blobs/{name}",
                ["data"] = new JsonObject
                {
                    ["api"] = "PutBlob",
                    ["blobType"] = "BlockBlob",
                    ["url"] = new Uri(blobEndpoint, $"{blobEndpoint.AbsolutePath.TrimEnd('/')}/{container}/{name}").ToString(),
                },
                ["dataVersion"] = "",
                ["metadataVersion"] = "1",
            });
            using var response = await PostToBlobWebhookAsync(function, "Notification", blobEvent);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, $"blob event for {container}/{name}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The Event Grid subscription handshake for a blob trigger; returns the validation response the host gives.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ValidateSubscriptionAsync(string function, string validationCode, string? key = null)
    {
        var handshake = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
            ["subject"] = "",
            ["data"] = new JsonObject { ["validationCode"] = validationCode },
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
        });
        using var response = await PostToBlobWebhookAsync(function, "SubscriptionValidation", handshake, key);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs a non-HTTP function now through the host's admin API (as the portal's Test/Run does); returns the status.</summary>
    public async Task<HttpStatusCode> RunFunctionNowAsync(string function)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Root, $"admin/functions/{function}"))
        {
            Content = JsonContent.Create(new { input = "" }),
        };
        request.Headers.Add("x-functions-key", masterKey);
        using var response = await Api.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Waits until the host's output satisfies <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Output))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <inheritdoc />
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <inheritdoc />
    public async Task RestartAsync()
    {
        Kill();
        process.Dispose();
        await StartProcessAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            Kill();
            process.Dispose();
        }

        Api.Dispose();
        Anonymous.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<HttpResponseMessage> PostToBlobWebhookAsync(string function, string eventType, JsonArray body, string? key = null)
    {
        key ??= blobsExtensionKey ??= await SystemKeyAsync("blobs_extension");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Root, $"runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={Uri.EscapeDataString(key)}"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", eventType);
        return await Anonymous.SendAsync(request);
    }

    private async Task<string> SystemKeyAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Root, $"admin/host/systemkeys/{name}"));
        request.Headers.Add("x-functions-key", masterKey);
        using var response = await Anonymous.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"system key {name}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["value"]!.GetValue<string>();
    }

    private async Task StartProcessAsync()
    {
        process = Process.Start(start) ?? throw new InvalidOperationException("The Functions host did not start.");
        var current = process;
        current.OutputDataReceived += (_, e) => Append(e.Data);
        current.ErrorDataReceived += (_, e) => Append(e.Data);
        current.BeginOutputReadLine();
        current.BeginErrorReadLine();

        try
        {
            await HostHealth.WaitAsync(current, Api, TimeSpan.FromSeconds(120), "The Functions host", () => Output);
        }
        catch (TimeoutException)
        {
            Kill();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static Uri BlobEndpoint(string connectionString) =>
        new(connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "BlobEndpoint")[1].TrimEnd('/') + "/");

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
