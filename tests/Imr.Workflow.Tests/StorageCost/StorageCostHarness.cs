using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
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

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// The real case orchestration on the in-process engine over its own Azurite, with every activity metered: each storage
/// request an activity sends is charged to that activity and its orchestration instance. The in-memory engine sends
/// nothing to storage, so every request counted is the application's.
/// </summary>
public sealed class StorageCostHarness : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private DurableTaskTestHost? _host;

    /// <summary>Where each step's requests are charged.</summary>
    public StepMeter Meter { get; } = new();

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
                [StorageOptions.SectionName] = _azurite.ConnectionString,
            })
            .Build();

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
                    services.AddSingleton(sp => StorageClients.Create(sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<StorageOperationCounter>(), [Meter]));
                    services.AddCaseWorkflowActivities();
                    services.AddSingleton<INotificationQueue>(sp => new RecordingNotificationQueue(ActivatorUtilities.CreateInstance<QueueNotificationQueue>(sp), Notifications));
                },
            });
        var clients = Services.GetRequiredService<StorageClients>();
        Meter.Watch(clients.Blobs.Uri, StorageService.Blob);
        Meter.Watch(clients.Tables.Uri, StorageService.Table);
        Meter.Watch(clients.Queues.Uri, StorageService.Queue);
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
/// The tests on the metered host share one host and one Azurite, and run after the parallel collections, one after
/// another: no other Azurite or engine is starting beside theirs (two picking free ports at once can collide).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageCostCollection : ICollectionFixture<StorageCostHarness>
{
    public const string Name = "storage-cost";
}

/// <summary>
/// Charges each storage request to the step in whose flow it was sent (an async-local scope), so steps of other cases
/// running at the same time are charged to themselves, and remembers each request with its answer.
/// </summary>
public sealed class StepMeter : HttpPipelinePolicy
{
    private readonly AsyncLocal<StepCharge?> _current = new();
    private readonly List<StepCharge> _ended = [];
    private readonly ConcurrentDictionary<string, StorageService> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private long _unscoped;

    /// <summary>Requests sent outside any step since the last <see cref="Reset"/>.</summary>
    public long Unscoped => Interlocked.Read(ref _unscoped);

    /// <summary>Every step that has ended, in the order they ended.</summary>
    public IReadOnlyList<StepCharge> Ended
    {
        get
        {
            lock (_ended)
            {
                return _ended.ToList();
            }
        }
    }

    public void Watch(Uri endpoint, StorageService service) => _endpoints[endpoint.GetLeftPart(UriPartial.Authority)] = service;

    /// <summary>Charges the requests sent in this flow until the returned scope is disposed to <paramref name="step"/>.</summary>
    public IDisposable Measure(string step, string? instanceId = null)
    {
        var charge = new StepCharge(step, instanceId);
        var previous = _current.Value;
        _current.Value = charge;
        return new Scope(this, charge, previous);
    }

    /// <summary>Forgets every step and unscoped request so far.</summary>
    public void Reset()
    {
        lock (_ended)
        {
            _ended.Clear();
            Interlocked.Exchange(ref _unscoped, 0);
        }
    }

    /// <summary>Waits until <paramref name="step"/> of <paramref name="instanceId"/> has ended.</summary>
    public async Task WaitForAsync(string step, string instanceId, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Ended.Any(c => c.Step == step && c.InstanceId == instanceId))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"{step} of {instanceId} did not run within {seconds} s; ran: {string.Join(", ", Ended.Select(c => c.Step))}");
            }

            await Task.Delay(25);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Charge(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Charge(message);
    }

    private void Charge(HttpMessage message)
    {
        if (_current.Value is not { } charge)
        {
            Interlocked.Increment(ref _unscoped);
            return;
        }

        var uri = message.Request.Uri.ToUri();
        var service = _endpoints.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var known) ? known : StorageService.Other;
        var query = Uri.UnescapeDataString(uri.Query);
        var line = $"{message.Request.Method} {Uri.UnescapeDataString(uri.AbsolutePath)}{(query.Length > 160 ? query[..160] + "…" : query)} → {(message.HasResponse ? message.Response.Status : 0)}";
        charge.Add(service, message.Request.Method.Method, line);
    }

    private void End(StepCharge charge)
    {
        lock (_ended)
        {
            _ended.Add(charge);
        }
    }

    private sealed class Scope(StepMeter meter, StepCharge charge, StepCharge? previous) : IDisposable
    {
        public void Dispose()
        {
            meter._current.Value = previous;
            meter.End(charge);
        }
    }
}

/// <summary>The requests one step sent: counts by service and method, and each request with its answer.</summary>
public sealed class StepCharge(string step, string? instanceId)
{
    private readonly Dictionary<(StorageService, string), long> _counts = [];
    private readonly List<string> _requests = [];

    public string Step => step;

    /// <summary>The orchestration instance of an activity; null for a call the test made.</summary>
    public string? InstanceId => instanceId;

    public OperationCounts Counts
    {
        get
        {
            lock (_requests)
            {
                return new OperationCounts(new Dictionary<(StorageService, string), long>(_counts));
            }
        }
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    internal void Add(StorageService service, string method, string line)
    {
        lock (_requests)
        {
            _counts[(service, method)] = _counts.GetValueOrDefault((service, method)) + 1;
            _requests.Add(line);
        }
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

/// <summary>An activity whose storage requests are charged to its name and orchestration instance.</summary>
internal sealed class MeteredActivity(string name, ITaskActivity inner, StepMeter meter) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (meter.Measure(name, context.InstanceId))
        {
            return await inner.RunAsync(context, input);
        }
    }
}
