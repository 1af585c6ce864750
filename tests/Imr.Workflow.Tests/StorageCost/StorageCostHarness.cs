using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// The real case orchestration on the in-process engine over its own Azurite, with every activity metered: the storage
/// operations each activity sends are charged to it. Its own Azurite and counter, so no other test's traffic is counted,
/// and the in-memory engine sends nothing to storage, so every request counted is the application's.
/// </summary>
public sealed class StorageCostHarness : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private DurableTaskTestHost? _host;

    /// <summary>Where each step's operations are charged.</summary>
    public StepMeter Meter { get; private set; } = null!;

    /// <summary>Every notification sent (the assignment notice carries the credential the decision needs).</summary>
    public NotificationRecorder Notifications { get; } = new();

    public DurableTaskClient Client => _host!.Client;

    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"] = _azurite.ConnectionString,
            })
            .Build();

        // One counter for the whole host; the meter is made before the engine, which resolves activities through it.
        var counter = new StorageOperationCounter();
        var requests = new RequestLog();
        Meter = new StepMeter(counter, requests);
        _host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestrator<CaseOrchestration>();
                foreach (var type in CaseWorkflowRegistration.ActivityTypes)
                {
                    registry.AddActivity(
                        new TaskName(type.Name),
                        sp => new MeteredActivity(type.Name, (ITaskActivity)ActivatorUtilities.CreateInstance(sp, type), Meter));
                }
            },
            new DurableTaskTestHostOptions
            {
                LoggerFactory = NullLoggerFactory.Instance,
                ConfigureServices = services =>
                {
                    services.AddImrStorage(configuration);
                    services.AddSingleton(counter);
                    services.AddSingleton(sp => StorageClients.Create(sp.GetRequiredService<StorageOptions>(), counter, [requests]));
                    services.AddCaseWorkflowActivities();
                    services.AddSingleton<INotificationQueue>(sp => new RecordingNotificationQueue(ActivatorUtilities.CreateInstance<QueueNotificationQueue>(sp), Notifications));
                },
            });
        await Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>
/// Charges storage operations to named steps by the counter's difference across each step. Correct while steps do not
/// overlap, which holds for one case at a time (its activities run one after another).
/// </summary>
public sealed class StepMeter(StorageOperationCounter counter, RequestLog requests)
{
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "MERGE"];
    private readonly List<(string Step, OperationCounts Counts)> _charged = [];
    private readonly List<(string Step, IReadOnlyList<string> Requests)> _requests = [];

    public StorageOperationCounter Counter => counter;

    /// <summary>Everything charged so far, step by step in the order steps ended (a step run twice appears twice).</summary>
    public IReadOnlyList<(string Step, OperationCounts Counts)> Charged
    {
        get
        {
            lock (_charged)
            {
                return _charged.ToList();
            }
        }
    }

    /// <summary>Charges what happens until the returned scope is disposed to <paramref name="step"/>.</summary>
    public IDisposable Measure(string step) => new Scope(this, step, counter.Snapshot(), requests.Count);

    /// <summary>Each step's requests ("METHOD path → status"), for reading where the operations go.</summary>
    public IReadOnlyList<(string Step, IReadOnlyList<string> Requests)> Requests
    {
        get
        {
            lock (_charged)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Forgets everything charged and starts counting from zero.</summary>
    public void Reset()
    {
        lock (_charged)
        {
            _charged.Clear();
            _requests.Clear();
            counter.Reset();
        }
    }

    /// <summary>Waits until <paramref name="step"/> has been charged <paramref name="times"/> times.</summary>
    public async Task WaitForAsync(string step, int times = 1, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Charged.Count(c => c.Step == step) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"{step} did not run within {seconds} s; ran: {string.Join(", ", Charged.Select(c => c.Step))}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The counts in a service-by-method form that can be added up.</summary>
    public static OperationCounts Of(StorageOperationCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var result = new Dictionary<(StorageService, string), long>();
        foreach (var service in new[] { StorageService.Blob, StorageService.Table, StorageService.Queue, StorageService.Other })
        {
            foreach (var method in Methods)
            {
                if (counts.For(service, method) is var n and not 0)
                {
                    result[(service, method)] = n;
                }
            }
        }

        return new OperationCounts(result);
    }

    private void Charge(string step, StorageOperationCounts before, int firstRequest)
    {
        var spent = Of(counter.Snapshot().Since(before));
        var sent = requests.From(firstRequest);
        lock (_charged)
        {
            _charged.Add((step, spent));
            _requests.Add((step, sent));
        }
    }

    private sealed class Scope(StepMeter meter, string step, StorageOperationCounts before, int firstRequest) : IDisposable
    {
        public void Dispose() => meter.Charge(step, before, firstRequest);
    }
}

/// <summary>Storage operations by service and HTTP method.</summary>
public sealed record OperationCounts(IReadOnlyDictionary<(StorageService Service, string Method), long> Counts)
{
    public static OperationCounts None { get; } = new(new Dictionary<(StorageService, string), long>());

    public long Total => Counts.Values.Sum();

    public long For(StorageService service) => Counts.Where(p => p.Key.Service == service).Sum(p => p.Value);

    public long For(StorageService service, string method) => Counts.GetValueOrDefault((service, method));

    public OperationCounts Plus(OperationCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var sum = Counts.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, value) in other.Counts)
        {
            sum[key] = sum.GetValueOrDefault(key) + value;
        }

        return new OperationCounts(sum);
    }

    /// <summary>"GET 2, PUT 1" for one service, or "–" when none.</summary>
    public string Describe(StorageService service)
    {
        var parts = Counts.Where(p => p.Key.Service == service && p.Value != 0)
            .OrderBy(p => p.Key.Method, StringComparer.Ordinal)
            .Select(p => $"{p.Key.Method} {p.Value}")
            .ToList();
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }
}

/// <summary>An activity whose storage operations are charged to its name.</summary>
internal sealed class MeteredActivity(string name, ITaskActivity inner, StepMeter meter) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        using (meter.Measure(name))
        {
            return await inner.RunAsync(context, input);
        }
    }
}

/// <summary>Remembers every request the storage clients send, with its answer, so a test can show where operations go.</summary>
public sealed class RequestLog : HttpPipelinePolicy
{
    private readonly List<string> _lines = [];

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public IReadOnlyList<string> From(int index)
    {
        lock (_lines)
        {
            return _lines.Skip(index).ToList();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Add(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Add(message);
    }

    private void Add(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var query = Uri.UnescapeDataString(uri.Query);
        var line = $"{message.Request.Method} {Uri.UnescapeDataString(uri.AbsolutePath)}{(query.Length > 160 ? query[..160] + "…" : query)} → {(message.HasResponse ? message.Response.Status : 0)}";
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
