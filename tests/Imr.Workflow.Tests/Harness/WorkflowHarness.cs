using Imr.Domain.Cases;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Tests.Harness;

/// <summary>
/// The real case orchestration on the in-process durable test engine, over real storage (Imr.Storage on Azurite).
/// One per test run: tests share it in one collection and isolate themselves by case number and reviewer ids.
/// </summary>
public sealed class WorkflowHarness : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private DurableTaskTestHost? _host;

    /// <summary>Faults the tests inject into storage calls.</summary>
    public FaultInjection Faults { get; } = new();

    /// <summary>Every notification sent (they also go to the real queue).</summary>
    public NotificationRecorder Notifications { get; } = new();

    public DurableTaskClient Client => _host!.Client;

    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _host = await StartEngineAsync(registry => registry.AddCaseWorkflow(), CaseWorkflowRegistration.WorkerVersioning());
        await Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
    }

    /// <summary>
    /// Another engine over the same storage and faults, with its own orchestrators and worker versioning (the shared one
    /// is configured as the hosts are: the case workflow, <see cref="CaseWorkflowRegistration.WorkerVersioning"/>).
    /// </summary>
    public Task<DurableTaskTestHost> StartEngineAsync(Action<DurableTaskRegistry> register, DurableTaskWorkerOptions.VersioningOptions versioning)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.SectionName] = _azurite!.ConnectionString,
                [$"{StorageOptions.SectionName}:{nameof(StorageOptions.MaxRetries)}"] = "2",
            })
            .Build();

        return DurableTaskTestHost.StartAsync(
            register,
            new DurableTaskTestHostOptions
            {
                LoggerFactory = Environment.GetEnvironmentVariable("IMR_TEST_LOG") is { Length: > 0 } logPath
                    ? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(logPath)))
                    : null,
                ConfigureServices = services =>
                {
                    services.Configure<DurableTaskWorkerOptions>(worker => worker.Versioning = versioning);
                    services.AddImrStorage(configuration);
                    services.AddCaseWorkflowActivities();
                    services.AddSingleton(Faults);
                    services.AddSingleton(Notifications);

                    // Decorators over the real storage: a fault that fires once, and a record of what was sent.
                    services.AddSingleton<IReviewerRegistry>(sp => new FaultyReviewerRegistry(sp.GetRequiredService<TableReviewerRegistry>(), Faults));
                    services.AddSingleton<IDeterminationStore>(sp => new FaultyDeterminationStore(ActivatorUtilities.CreateInstance<BlobDeterminationStore>(sp), Faults));
                    services.AddSingleton<ICaseFileStore>(sp => new FaultyCaseFileStore(sp.GetRequiredService<BlobCaseFileStore>(), Faults));
                    services.AddSingleton<INotificationQueue>(sp => new RecordingNotificationQueue(ActivatorUtilities.CreateInstance<QueueNotificationQueue>(sp), Notifications));
                },
            });
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

/// <summary>All workflow tests share one engine and one Azurite, and run one after another (timing matters).</summary>
[CollectionDefinition(Name)]
public sealed class WorkflowCollection : ICollectionFixture<WorkflowHarness>
{
    public const string Name = "workflow";
}

/// <summary>Faults to inject: each fires once, for one case.</summary>
public sealed class FaultInjection
{
    private readonly HashSet<string> _armed = new(StringComparer.Ordinal);

    /// <summary>The next RecordAssignment for this case is performed, then throws as if the worker crashed before answering.</summary>
    public void FailAfterRecordingAssignmentOnce(CaseNumber caseNumber)
    {
        lock (_armed)
        {
            _armed.Add($"record-assignment:{caseNumber}");
        }
    }

    /// <summary>The next letter stored for this case is stored, then the call throws as if the reply was lost.</summary>
    public void FailAfterStoringLetterOnce(CaseNumber caseNumber)
    {
        lock (_armed)
        {
            _armed.Add($"store-letter:{caseNumber}");
        }
    }

    /// <summary>Every read of this case's stored case file fails, as in a lasting storage outage for that blob.</summary>
    public void FailCaseFileReadsAlways(CaseNumber caseNumber)
    {
        lock (_armed)
        {
            _always.Add($"read-case-file:{caseNumber}");
        }
    }

    private readonly HashSet<string> _always = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _times = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> reads of this case's stored case file fail, then reads work again (a passing outage).</summary>
    public void FailCaseFileReadsTimes(CaseNumber caseNumber, int times)
    {
        lock (_armed)
        {
            _times[$"read-case-file:{caseNumber}"] = times;
        }
    }

    /// <summary>The next <paramref name="times"/> RecordAssignments for this case are performed, then throw as if the reply was lost.</summary>
    public void FailAfterRecordingAssignmentTimes(CaseNumber caseNumber, int times)
    {
        lock (_armed)
        {
            _times[$"record-assignment:{caseNumber}"] = times;
        }
    }

    internal bool AlwaysFails(string key)
    {
        lock (_armed)
        {
            return _always.Contains(key);
        }
    }

    /// <summary>How many injected faults fired.</summary>
    public int Fired { get; private set; }

    internal bool TryFire(string key)
    {
        lock (_armed)
        {
            if (_armed.Remove(key))
            {
                Fired++;
                return true;
            }

            if (_times.TryGetValue(key, out var left) && left > 0)
            {
                _times[key] = left - 1;
                Fired++;
                return true;
            }

            return false;
        }
    }
}

/// <summary>The real registry, with a fault that fires after the write (the hard case for exactly-once).</summary>
internal sealed class FaultyReviewerRegistry(IReviewerRegistry inner, FaultInjection faults) : IReviewerRegistry
{
    public Task<bool> TryCreateAsync(Imr.Domain.Reviewers.Reviewer reviewer, CancellationToken cancellationToken = default) => inner.TryCreateAsync(reviewer, cancellationToken);

    public Task<bool> UpdateAsync(Imr.Domain.Reviewers.Reviewer reviewer, CancellationToken cancellationToken = default) => inner.UpdateAsync(reviewer, cancellationToken);

    public Task<Imr.Domain.Reviewers.Reviewer?> GetAsync(string reviewerId, CancellationToken cancellationToken = default) => inner.GetAsync(reviewerId, cancellationToken);

    public Task<ReviewerSearch> FindBySpecialtiesAsync(IReadOnlyCollection<string> specialties, CancellationToken cancellationToken = default) =>
        inner.FindBySpecialtiesAsync(specialties, cancellationToken);

    public Task<ReviewerSearch> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public async Task<bool> RecordAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default)
    {
        var recorded = await inner.RecordAssignmentAsync(reviewerId, caseNumber, attempt, cancellationToken);
        return faults.TryFire($"record-assignment:{caseNumber}")
            ? throw new IOException("Injected fault: the connection dropped after the assignment was written.")
            : recorded;
    }

    public Task<bool> ReleaseAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default) =>
        inner.ReleaseAssignmentAsync(reviewerId, caseNumber, attempt, cancellationToken);
}

/// <summary>The real case-file store, with reads that can be made to fail for one case.</summary>
internal sealed class FaultyCaseFileStore(ICaseFileStore inner, FaultInjection faults) : ICaseFileStore
{
    public Task<StoredContent?> ReadIntakeAsync(string blobName, CancellationToken cancellationToken = default) => inner.ReadIntakeAsync(blobName, cancellationToken);

    public Task<StoredBlob> StoreCaseFileAsync(CaseNumber caseNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.StoreCaseFileAsync(caseNumber, content, cancellationToken);

    public Task<StoredContent?> ReadCaseFileAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default) =>
        faults.AlwaysFails($"read-case-file:{caseNumber}") || faults.TryFire($"read-case-file:{caseNumber}")
            ? throw new IOException("Injected fault: the storage account is unreachable.")
            : inner.ReadCaseFileAsync(caseNumber, cancellationToken);

    public Task<RecordStoreResult> StoreRecordAsync(CaseNumber caseNumber, string fileName, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        inner.StoreRecordAsync(caseNumber, fileName, content, contentType, cancellationToken);

    public Task<StoredContent?> ReadRecordAsync(CaseNumber caseNumber, string fileName, CancellationToken cancellationToken = default) => inner.ReadRecordAsync(caseNumber, fileName, cancellationToken);

    public Task<IReadOnlyList<StoredBlob>> ListRecordsAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default) => inner.ListRecordsAsync(caseNumber, cancellationToken);

    public Task<StoredBlob> QuarantineAsync(string sourceName, ReadOnlyMemory<byte> content, QuarantineReport report, CancellationToken cancellationToken = default) =>
        inner.QuarantineAsync(sourceName, content, report, cancellationToken);
}

/// <summary>The real letter store, with a fault after the write.</summary>
internal sealed class FaultyDeterminationStore(IDeterminationStore inner, FaultInjection faults) : IDeterminationStore
{
    public async Task<LetterBlobs> StoreAsync(CaseNumber caseNumber, string text, ReadOnlyMemory<byte> pdf, int generation = 1, CancellationToken cancellationToken = default)
    {
        var blobs = await inner.StoreAsync(caseNumber, text, pdf, generation, cancellationToken);
        return faults.TryFire($"store-letter:{caseNumber}")
            ? throw new IOException("Injected fault: the reply to the letter upload was lost.")
            : blobs;
    }

    public Task<StoredContent?> ReadAsync(CaseNumber caseNumber, LetterFormat format, int generation = 1, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(caseNumber, format, generation, cancellationToken);
}

/// <summary>Remembers every notification message sent through the real queue.</summary>
public sealed class NotificationRecorder
{
    private readonly List<Notification> _sent = [];

    /// <summary>Every notice sent for the case, each on its own with its message's case, instant and id.</summary>
    public IReadOnlyList<SentNotice> For(CaseNumber caseNumber) =>
        MessagesFor(caseNumber).SelectMany(m => m.Notices.Select(n => new SentNotice(m.Id, m.CaseNumber, m.At, n))).ToList();

    /// <summary>Every message sent for the case, in the order sent.</summary>
    public IReadOnlyList<Notification> MessagesFor(CaseNumber caseNumber)
    {
        lock (_sent)
        {
            return _sent.Where(n => n.CaseNumber == caseNumber).ToList();
        }
    }

    internal void Add(Notification notification)
    {
        lock (_sent)
        {
            _sent.Add(notification);
        }
    }
}

/// <summary>One notice of a sent message, with the message's id, case and instant.</summary>
public sealed record SentNotice(string MessageId, CaseNumber CaseNumber, DateTimeOffset At, Notice Notice)
{
    public string Id => Notice.Id;

    public string Kind => Notice.Kind;

    public string Recipient => Notice.Recipient;

    public string? Role => Notice.Role;

    public string? Reference => Notice.Reference;

    public string? Detail => Notice.Detail;

    public string? AssignmentToken => Notice.AssignmentToken;
}

internal sealed class RecordingNotificationQueue(INotificationQueue inner, NotificationRecorder recorder) : INotificationQueue
{
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        await inner.SendAsync(notification, cancellationToken);
        recorder.Add(notification);
    }
}
