using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;

namespace Imr.Workflow.Application;

/// <summary>
/// Purges the engine's orchestration history of cases closed more than the retention period ago (the setting
/// <c>IMR_RETENTION_DAYS</c>; 0 keeps it forever). Only the history goes: the case rows, case files, letters and audit
/// trail are the organization's records and are never touched here. A case is purged only when its orchestration has
/// ended and its row is closed and unchanged for the whole period, so an open or stuck case keeps the history staff need.
/// </summary>
public sealed class HistoryRetention(DurableTaskClient client, ICaseIndex index, TimeProvider time)
{
    private const string CasePrefix = "case-";

    /// <summary>Purges what is older than <paramref name="retentionDays"/> days; running it twice does no harm.</summary>
    public Task<RetentionReport> RunAsync(int retentionDays, CancellationToken cancellationToken = default) =>
        RunAsync(retentionDays, CasePrefix, cancellationToken);

    /// <summary>
    /// Purges what is older than <paramref name="retentionDays"/> days among the case orchestrations whose instance id starts
    /// with <paramref name="instanceIdPrefix"/> (<c>case-CM26-</c> for one year's cases, a whole instance id for one case).
    /// </summary>
    public async Task<RetentionReport> RunAsync(int retentionDays, string instanceIdPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIdPrefix);
        if (!instanceIdPrefix.StartsWith(CasePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only case orchestrations ({CasePrefix}...) are purged.", nameof(instanceIdPrefix));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(retentionDays);
        if (retentionDays == 0)
        {
            return new RetentionReport();
        }

        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(retentionDays);
        var query = new OrchestrationQuery
        {
            CreatedTo = cutoff,
            Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            InstanceIdPrefix = instanceIdPrefix,
            PageSize = 100,
        };

        // Listed in full first, so the purges do not move the pages being read.
        var ended = new List<(string InstanceId, CaseNumber CaseNumber)>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.LastUpdatedAt < cutoff
                && instance.InstanceId.StartsWith(CasePrefix, StringComparison.Ordinal)
                && CaseNumber.TryParse(instance.InstanceId[CasePrefix.Length..], out var number)
                && CaseWorkflowContract.InstanceId(number) == instance.InstanceId)
            {
                ended.Add((instance.InstanceId, number));
            }
        }

        var report = new RetentionReport { Ended = ended.Count };
        foreach (var (instanceId, number) in ended)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
            if (row is null || !CaseStates.IsClosed(row.Case.State) || row.Case.UpdatedAt >= cutoff)
            {
                report.Kept++;
                continue;
            }

            var result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
            report.Purged += result.PurgedInstanceCount;
        }

        return report;
    }
}

/// <summary>What one retention run did.</summary>
public sealed class RetentionReport
{
    /// <summary>Case orchestrations that ended before the cutoff.</summary>
    public int Ended { get; init; }

    /// <summary>Orchestration histories purged.</summary>
    public int Purged { get; set; }

    /// <summary>Ended orchestrations kept: their case is open, has no row, or changed within the period.</summary>
    public int Kept { get; set; }
}
