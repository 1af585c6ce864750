using Imr.Http;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Imr.Local.Engine;
using Imr.Storage;
using Imr.Workflow.Application;
using Microsoft.Extensions.Options;

namespace Imr.Local.Watching;

/// <summary>
/// The one-machine stand-in for the Event Grid blob triggers: polls <c>intake</c> for case files and
/// <c>cases/*/records/</c> for medical records, hands each new blob to the same application calls the Functions
/// triggers use, and marks it handled in its metadata, so a restart carries on where it stopped.
/// </summary>
internal sealed partial class BlobWatcher(
    StorageClients storage,
    IServiceScopeFactory scopes,
    IOptions<LocalOptions> options,
    EngineReadiness readiness,
    ILogger<BlobWatcher> log) : BackgroundService
{
    /// <summary>The metadata key that marks a blob as handled (with the outcome's status).</summary>
    public const string HandledMetadataKey = "imrhandled";

    /// <summary>Passes a blob that keeps failing (not for an outage) is tried before it is marked failed.</summary>
    private const int MaxAttempts = 5;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchInterval);
        try
        {
            do
            {
                if (!readiness.TaskHubReady)
                {
                    continue;
                }

                try
                {
                    await ScanIntakeAsync(stoppingToken).ConfigureAwait(false);
                    await ScanRecordsAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever ended the pass (an outage longer than the SDK's retries ends in an AggregateException), the
                    // unmarked blobs are picked up on the next one: the watcher must outlive it, or the host stops.
                    log.ScanFailed(ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over the intake container.</summary>
    internal async Task ScanIntakeAsync(CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (item.Metadata.ContainsKey(HandledMetadataKey))
            {
                continue;
            }

            await HandleAsync(container.GetBlobClient(item.Name), item, async () =>
            {
                using var scope = scopes.CreateScope();
                var submission = scope.ServiceProvider.GetRequiredService<CaseSubmission>();
                var outcome = await submission.SubmitIntakeBlobAsync(item.Name, cancellationToken).ConfigureAwait(false);
                log.IntakeBlobHandled((int)outcome.Status, outcome.Value?.CaseNumber ?? "-");
                return $"{(int)outcome.Status} {outcome.Value?.CaseNumber}".Trim();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass over the records under every case.</summary>
    internal async Task ScanRecordsAsync(CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(StorageNames.CasesContainer);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (item.Metadata.ContainsKey(HandledMetadataKey) || RecordPath().Match(item.Name) is not { Success: true } match)
            {
                continue;
            }

            var blob = container.GetBlobClient(item.Name);
            await HandleAsync(blob, item, async () =>
            {
                if (!item.Metadata.TryGetValue(StorageNames.ContentHashMetadataKey, out var hash) || hash.Length != 64)
                {
                    // Uploaded straight to storage, not through the API: hash it here.
                    var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                    hash = ApplicationJson.Sha256(content.Value.Content.ToMemory().Span);
                }

                using var scope = scopes.CreateScope();
                var records = scope.ServiceProvider.GetRequiredService<RecordIntake>();
                var outcome = await records.RecordUploadedAsync(
                    match.Groups["case"].Value, match.Groups["file"].Value, $"{StorageNames.CasesContainer}/{item.Name}", hash, cancellationToken).ConfigureAwait(false);
                log.RecordBlobAnnounced((int)outcome.Status, match.Groups["case"].Value);
                return ((int)outcome.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Handles one blob and marks it. A storage or engine outage ends the pass (the blob is retried next time); any other
    /// failure is retried on a few passes and then the blob is marked failed, so one bad blob cannot stop the watcher.
    /// </summary>
    private async Task HandleAsync(BlobClient blob, BlobItem item, Func<Task<string>> handle, CancellationToken cancellationToken)
    {
        string outcome;
        try
        {
            outcome = await handle().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !IsOutage(ex))
        {
            var attempts = failures.AddOrUpdate(item.Name, 1, (_, n) => n + 1);
            log.BlobFailed(ex.GetType().Name, attempts);
            if (attempts < MaxAttempts)
            {
                return;
            }

            outcome = "failed";
        }

        failures.TryRemove(item.Name, out _);
        await MarkAsync(blob, item, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="exception"/> says storage or the engine cannot be reached, rather than that this blob is bad.</summary>
    internal static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException or Grpc.Core.RpcException or HttpRequestException => true,

        // The storage SDK's retries, exhausted, end in an AggregateException of every attempt's failure.
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsOutage),
        _ => false,
    };

    private static async Task MarkAsync(BlobClient blob, BlobItem item, string outcome, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(item.Metadata) { [HandledMetadataKey] = outcome };
        try
        {
            // Only if unchanged since listed: a blob overwritten meanwhile is new content and must be seen again.
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = item.Properties.ETag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Deleted or replaced since it was listed; the next pass decides.
        }
    }

    [GeneratedRegex(@"^(?<case>CM\d{2}-\d{7})/records/(?<file>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
