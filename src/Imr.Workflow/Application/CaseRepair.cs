using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>
/// Repairs a stuck case: one whose orchestration failed, stopped or vanished while the case is open, or whose
/// orchestration's state disagrees with the case row. The row is the case's record (what the API shows and checks
/// decisions against), so the case is started again from it: a new run of the orchestration in the row's phase, with
/// the row's reviewer, deadlines and versions, which redoes whatever step came after the last one the row shows.
/// </summary>
public sealed class CaseRepair(DurableTaskClient client, ICaseIndex index, ICaseFileStore files, IAuditTrail audit, TimeProvider time, CaseStartSettings settings, ILogger<CaseRepair> log)
{
    /// <summary>How long a retry waits for a disagreeing orchestration to stop before it gives up.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Staff's retry (<c>POST /cases/{caseNumber}/retry</c>), once the cause is fixed: 202 when the case was started
    /// again from its row, 404, or 409 naming why not (the case has ended, or its orchestration runs and agrees).
    /// </summary>
    public async Task<Outcome<RepairedCase>> RetryAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var outcome = await RetryCoreAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.CaseRetried(outcome.Value!.CaseNumber, outcome.Value.Phase.ToString(), outcome.Value.State);
        }
        else
        {
            log.Refused("RetryCase", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<RepairedCase>> RetryCoreAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<RepairedCase>();
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<RepairedCase>.NotFound($"Case {number}");
        }

        var row = found.Case;
        if (CaseStates.IsClosed(row.State))
        {
            return Outcome<RepairedCase>.Refused(OutcomeStatus.Conflict, $"Case {number} is {row.State}; there is nothing to retry.", "state", "The case has ended.");
        }

        var instance = await ReadAsync(number, cancellationToken).ConfigureAwait(false);
        var finding = Examine(row, instance);
        if (finding is null)
        {
            return Outcome<RepairedCase>.Refused(
                OutcomeStatus.Conflict,
                $"Case {number} is not stuck: its orchestration is {instance!.RuntimeStatus} and agrees with the case ({row.State}).",
                "state",
                "Only a case whose orchestration failed, stopped, vanished or disagrees with the case can be retried.");
        }

        if (IsRunning(instance))
        {
            // It disagrees: the run that holds the wrong state is stopped before the case starts again from its row.
            var instanceId = CaseWorkflowContract.InstanceId(number);
            await client.TerminateInstanceAsync(instanceId, $"retried: {finding.Detail}", cancellationToken).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(StopTimeout);
            await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, stop.Token).ConfigureAwait(false);
        }

        var phase = await RestartAsync(row, instance, ended: null, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(
            new AuditEntry
            {
                Id = $"{number}-retried-{time.GetUtcNow().UtcTicks}",
                CaseNumber = number,
                Actor = "staff",
                Action = "CaseRetried",
                At = time.GetUtcNow(),
                Detail = $"{finding.Reason}: {finding.Detail}; started again in {phase}",
                PolicyVersion = row.PolicyVersion,
                WorkflowVersion = row.WorkflowVersion,
            },
            cancellationToken).ConfigureAwait(false);
        return Outcome<RepairedCase>.Success(new RepairedCase(number.ToString(), row.State, phase, finding.Reason), OutcomeStatus.Accepted);
    }

    /// <summary>
    /// Why an open case is stuck, given its orchestration as read (with its custom status), or null when the orchestration
    /// runs and reports the row's state (or has not reported one yet).
    /// </summary>
    public static CaseStuck? Examine(Case row, OrchestrationMetadata? instance)
    {
        ArgumentNullException.ThrowIfNull(row);
        var now = row.UpdatedAt;
        if (instance is null)
        {
            return new CaseStuck("OrchestrationMissing", "the case has no orchestration", now);
        }

        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
        {
            var failure = instance.FailureDetails is { } f ? $"{f.ErrorType}: {f.ErrorMessage}" : "no failure details";
            return new CaseStuck("OrchestrationFailed", Shorten($"orchestration failed while the case is {row.State}: {failure}"), now);
        }

        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed)
        {
            return new CaseStuck("OrchestrationStopped", $"orchestration {instance.RuntimeStatus} while the case is {row.State}", now);
        }

        var status = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<CaseStatus>();
        return status is not null && status.State != row.State
            ? new CaseStuck("StateDisagrees", $"the case row says {row.State}, its orchestration {status.State}", now)
            : null;
    }

    /// <summary>
    /// Whether the row missed a step's write: the orchestration waits in another state after a step newer than any the row
    /// has applied. A step writes the row before the orchestration sets its next status, so a row that is merely behind a
    /// step still running is newer than the status, not older; this one will not catch up by itself.
    /// </summary>
    public static bool MissedStep(Case row, OrchestrationMetadata? instance)
    {
        ArgumentNullException.ThrowIfNull(row);
        var status = instance?.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<CaseStatus>();
        return status is { LastStep: { } last } && status.State != row.State && last > row.StepWatermark;
    }

    /// <summary>
    /// Starts the case again from its row (<see cref="CaseWorkflowContract.RepairSource"/>), over an orchestration that is
    /// missing or has ended, with <paramref name="ended"/> carried in when the case is being withdrawn (it then ends first
    /// thing), and clears the row's stuck mark.
    /// </summary>
    /// <returns>The phase the new run starts in.</returns>
    internal async Task<CasePhase> RestartAsync(Case row, OrchestrationMetadata? instance, CaseEnded? ended, CancellationToken cancellationToken)
    {
        var number = row.CaseNumber;
        var instanceId = CaseWorkflowContract.InstanceId(number);
        var caseFile = await files.ReadCaseFileAsync(number, cancellationToken).ConfigureAwait(false);
        var claimsAdministrator = caseFile is null ? null : CaseFileReader.Read(caseFile.Content.Span).CaseFile?.Parties?.ClaimsAdministrator?.Id;
        var watermark = row.StepWatermark;
        var previousGeneration = instance?.SerializedInput is null ? 0 : instance.ReadInputAs<CaseWorkflowInput>()?.Progress?.Generation ?? 0;
        var phase = row.State switch
        {
            CaseState.Unassigned => CasePhase.Assigning,
            CaseState.AwaitingRecords => CasePhase.AwaitingRecords,
            CaseState.UnderReview => CasePhase.UnderReview,
            _ => CasePhase.Accepting,
        };
        var progress = new CaseProgress
        {
            Phase = phase,

            // The same run as the row's newest step, one generation on: the statutory timeline continues, and every step
            // of the new run is newer than anything the old run wrote, so the row's watermark admits it.
            Anchor = watermark?.Run ?? row.CreatedAt,
            Generation = Math.Max(watermark?.Generation ?? 0, previousGeneration) + 1,
            PolicyVersion = row.PolicyVersion,
            Priority = row.Priority,
            Items = row.Items,
            // A carrier under review decides its joined applications' items, which the row lists (8 CCR § 9792.10.4(a)).
            ConsolidatedApplications = row.ConsolidatedApplications,
            ClaimsAdministrator = string.IsNullOrEmpty(claimsAdministrator) ? "claims-administrator" : claimsAdministrator,
            ReviewerId = row.ReviewerId,
            Attempt = row.AssignmentCount,
            NoConflictAttempt = row.NoConflictStatedAt is null ? 0 : row.AssignmentCount,
            PreviousReviewerIds = row.PreviousReviewerIds,
            EscalationLevel = row.EscalationLevel,
            // The records clock runs from the notice the row records, sent the way it was (8 CCR § 9792.10.5(a)(1)).
            ElectronicNotice = row.NoticeServedBy is { } servedBy ? servedBy == ServiceMethod.Electronic : settings.ElectronicNotice,
            NoticeSentAt = row.NoticeSentAt,
            AssignedAt = row.AssignedAt,
            RecordsReceivedAt = row.RecordsReceivedAt,
            Deadlines = row.Deadlines,
            RemandedAt = row.Remands.Count > 0 ? row.Remands[^1].ReceivedAt : null,
            Carried = ended is null ? [] : [new CarriedEvent { Name = CaseWorkflowContract.CaseEndedEvent, Ended = ended }],
        };
        var input = new CaseWorkflowInput
        {
            CaseNumber = number,
            Source = CaseWorkflowContract.RepairSource,
            CaseFilePath = caseFile?.Path ?? $"cases/{number}/case-file.json",
            ContentHash = row.ContentHash ?? (caseFile is null ? "" : ApplicationJson.Sha256(caseFile.Content.Span)),
            ReceivedAt = row.CreatedAt,
            Timing = settings.Timing,
            ElectronicNotice = settings.ElectronicNotice,
            Consolidate = settings.Consolidate,
            // A remanded review goes on as one: its steps and its letter keep the remand's generation (LC § 4610.6(i)).
            Remand = row.Remands.Count > 0 ? new CaseRemanded(row.Remands[^1].OrderDate, row.Remands[^1].OrderReference, row.Remands[^1].Generation) : null,
            Progress = progress,
        };

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CaseWorkflowContract.OrchestrationName, input, CaseWorkflowContract.StartOptions(number), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && instance is not null)
        {
            // An engine that keeps an ended instance's id taken: its history goes (the audit trail keeps the failure).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
            await client.ScheduleNewOrchestrationInstanceAsync(CaseWorkflowContract.OrchestrationName, input, CaseWorkflowContract.StartOptions(number), cancellationToken)
                .ConfigureAwait(false);
        }

        await index.UpdateAsync(number, c => c.Stuck is null ? null : c with { Stuck = null, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return phase;
    }

    /// <summary>The case's orchestration with its input and custom status, or null when it has none.</summary>
    internal Task<OrchestrationMetadata?> ReadAsync(CaseNumber number, CancellationToken cancellationToken) =>
        client.GetInstanceAsync(CaseWorkflowContract.InstanceId(number), getInputsAndOutputs: true, cancellationToken);

    /// <summary>Whether the orchestration is there to take events (running, pending, or suspended by an operator).</summary>
    public static bool IsRunning(OrchestrationMetadata? instance) =>
        instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;
}

/// <summary>The answer to a retry: the case, the state it stays in, the phase its new run starts in, and what was wrong.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="State">The case's state, from its row.</param>
/// <param name="Phase">Where the new run of the orchestration starts.</param>
/// <param name="Stuck">Why it was stuck (OrchestrationFailed, OrchestrationStopped, OrchestrationMissing or StateDisagrees).</param>
public sealed record RepairedCase(string CaseNumber, CaseState State, CasePhase Phase, string Stuck);
