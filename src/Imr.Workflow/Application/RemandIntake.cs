using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Timing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The answer to an accepted remand: the case and the determination generation its new review will issue.</summary>
/// <param name="CaseNumber">The case (the same number: a remand is not a new case).</param>
/// <param name="Generation">The new review's determination generation (2 after the first remand).</param>
/// <param name="OrderDate">The date of the WCAB's order.</param>
/// <param name="OrderReference">The order's reference.</param>
public sealed record RemandAccepted(string CaseNumber, int Generation, DateOnly OrderDate, string OrderReference);

/// <summary>
/// Takes the WCAB's remand of a reversed determination (<c>POST /cases/{caseNumber}/remand</c>, staff): "the dispute shall
/// be remanded ... for review by a different reviewer" (LC § 4610.6(i)). The order is checked, the case must be Determined,
/// and the case's orchestration, which completed with the determination, is started again under the same instance id in
/// its remand phase (<see cref="CaseWorkflowContract.RemandSource"/>), carrying the case as its row records it: the
/// orchestration records the remand (audit, the row reopened) and assigns a reviewer who never had the case.
/// </summary>
public sealed class RemandIntake(DurableTaskClient client, ICaseIndex index, TimeProvider time, CaseStartSettings settings, ILogger<RemandIntake> log)
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Checks the order and starts the remanded review: 202, or 400/404/409/413 naming the field or the state.</summary>
    public async Task<Outcome<RemandAccepted>> RemandAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var outcome = await RemandCoreAsync(caseNumber, body, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.RemandAccepted(CaseNumber.Parse(outcome.Value!.CaseNumber), outcome.Value.Generation);
        }
        else
        {
            log.Refused("RemandCase", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<RemandAccepted>> RemandCoreAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<RemandAccepted>();
        }

        if (body.Length > MaxBodyBytes)
        {
            return Outcome<RemandAccepted>.Refused(OutcomeStatus.PayloadTooLarge, "The remand order is too large.", "$", $"The limit is {MaxBodyBytes} bytes.");
        }

        if (!ApplicationJson.TryRead<RemandOrder>(body.Span, out var order, out var readProblems))
        {
            return Outcome<RemandAccepted>.Invalid(readProblems);
        }

        // The fields first (no date is "in the future" yet): the case's own today is known once its row is read.
        var problems = CaseRemand.Problems(order!, DateOnly.MaxValue, mailedOn: null);
        if (problems.Count > 0)
        {
            return Outcome<RemandAccepted>.Invalid(problems);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<RemandAccepted>.NotFound($"Case {number}");
        }

        var row = found.Case;
        if (row.State != CaseState.Determined || row.Determination is not { } determination)
        {
            return Conflict(number, row.State == CaseState.Unassigned && row.Remands.Count > 0
                ? $"Case {number} was remanded already and waits for a different reviewer; only a Determined case can be remanded."
                : $"Case {number} is {row.State}; only a Determined case can be remanded (LC § 4610.6(h), (i)).");
        }

        // Not in the future on the case's clock (real time, or a host's compressed time, on which the mailing date was
        // stamped), nor before the mailing of the determination it reverses: the appeal runs from that mailing (LC § 4610.6(h)).
        var today = PacificTime.DateOf(new StatutoryTimeline(Anchor(row), settings.Timing ?? WorkflowTiming.RealTime).StatutoryAt(time.GetUtcNow().UtcDateTime));
        problems = CaseRemand.Problems(order!, today, determination.MailedOn ?? determination.DecisionDate);
        if (problems.Count > 0)
        {
            return Outcome<RemandAccepted>.Invalid(problems);
        }

        var instanceId = CaseWorkflowContract.InstanceId(number);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (CaseRepair.IsRunning(instance))
        {
            // The determination's run has not completed yet, or another remand has just started the new review.
            return Conflict(number, $"Case {number}'s orchestration is {instance!.RuntimeStatus}; a remand is taken once the determined case's run has completed.");
        }

        var remand = new CaseRemanded(order!.OrderDate!.Value, order.OrderReference!.Trim(), CaseRemand.CurrentGeneration(row) + 1);
        var input = Input(row, remand, instance);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CaseWorkflowContract.OrchestrationName, input, CaseWorkflowContract.StartOptions(number), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && instance is not null)
        {
            // An engine that keeps a completed instance's id taken: its history goes (the audit trail and the row keep the case).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
            await client.ScheduleNewOrchestrationInstanceAsync(CaseWorkflowContract.OrchestrationName, input, CaseWorkflowContract.StartOptions(number), cancellationToken)
                .ConfigureAwait(false);
        }

        return Outcome<RemandAccepted>.Success(new RemandAccepted(number.ToString(), remand.Generation, remand.OrderDate, remand.OrderReference), OutcomeStatus.Accepted);
    }

    // The determined case as its row records it, in the remand phase. The same run as the row's newest step, one generation
    // on (as CaseRepair does): the statutory timeline continues and every step of the new run is newer than the old run's.
    private CaseWorkflowInput Input(Case row, CaseRemanded remand, OrchestrationMetadata? instance)
    {
        var watermark = row.StepWatermark;
        var previousGeneration = instance?.SerializedInput is null ? 0 : instance.ReadInputAs<CaseWorkflowInput>()?.Progress?.Generation ?? 0;
        var progress = new CaseProgress
        {
            Phase = CasePhase.Remand,
            Anchor = Anchor(row),
            Generation = Math.Max(watermark?.Generation ?? 0, previousGeneration) + 1,
            PolicyVersion = row.PolicyVersion,
            Priority = row.Priority,
            Items = row.Items,
            ConsolidatedApplications = row.ConsolidatedApplications,
            Attempt = row.AssignmentCount,
            PreviousReviewerIds = row.PreviousReviewerIds,
            ElectronicNotice = row.NoticeServedBy is { } servedBy ? servedBy == ServiceMethod.Electronic : settings.ElectronicNotice,
            NoticeSentAt = row.NoticeSentAt,
            Deadlines = row.Deadlines,
        };
        return new CaseWorkflowInput
        {
            CaseNumber = row.CaseNumber,
            Source = CaseWorkflowContract.RemandSource,
            CaseFilePath = string.Create(CultureInfo.InvariantCulture, $"cases/{row.CaseNumber}/case-file.json"),
            ContentHash = row.ContentHash ?? "",
            ReceivedAt = row.CreatedAt,
            Timing = settings.Timing,
            ElectronicNotice = settings.ElectronicNotice,
            Remand = remand,
            Progress = progress,
        };
    }

    private static DateTimeOffset Anchor(Case row) => row.StepWatermark?.Run ?? row.CreatedAt;

    private static Outcome<RemandAccepted> Conflict(CaseNumber number, string reason) =>
        Outcome<RemandAccepted>.Refused(OutcomeStatus.Conflict, $"Case {number} cannot be remanded.", "state", reason);
}
