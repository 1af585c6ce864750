using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Review: waiting for the reviewer's decision under its deadline points; invalid decisions are refused.</summary>
internal sealed partial class CaseRun
{
    // 5. Wait for the decision (LC § 4610.6(d)): reminder, escalation, reassignment at the deadline; invalid decisions refused.
    private async Task<CaseOutcome?> AwaitDecisionAsync()
    {
        while (true)
        {
            var d = _p.Deadlines;
            var (point, at) = _p.ReassignAt is { } reassignAt
                ? ("reassignment-due", reassignAt)
                : NextPoint(
                    ("determination-reminder", d.DeterminationReminder),
                    ("determination-escalation", d.DeterminationEscalation),
                    ("determination-due", d.DeterminationDue));
            var item = await NextAsync(CaseState.UnderReview, point, at);
            switch (item?.Name)
            {
                case null when point is "determination-due" or "reassignment-due":
                    return await ReassignAsync();
                case null:
                    await DeadlineNoticeAsync(point, $"reviewer:{_p.ReviewerId}", "determination-due", d.DeterminationDue!.Value, escalate: point == "determination-escalation");
                    await EscalateMissingStatementAsync(at);
                    break;
                case CaseWorkflowContract.DecisionSubmittedEvent:
                    var submitted = (DecisionSubmitted)item.Payload!;
                    var problems = DecisionCheck.Problems(submitted.Decision, _p.ReviewerId, _p.Items);
                    if (!NoConflictStated)
                    {
                        problems = [.. problems, new ValidationProblem("conflictStatement", "The reviewer has not stated that they have no conflict of interest in this case (LC § 139.5).")];
                    }

                    if (problems.Count == 0)
                    {
                        return await IssueAsync(submitted);
                    }

                    var refused = _p.RefusedDecisions + 1;
                    await _context.CallRefuseDecisionAsync(
                        new RefuseDecisionRequest(Step(Key("decision-refused", refused)), submitted.Decision?.ReviewerId ?? "unknown", problems.Select(p => p.ToString()).ToList()),
                        _storage);
                    _p = _p with { RefusedDecisions = refused };
                    break;
                case CaseWorkflowContract.RecordArrivedEvent:
                    await RecordArrivedAsync((RecordArrived)item.Payload!);
                    break;
                case CaseWorkflowContract.InformationRequestedEvent:
                    await RequestInformationAsync((InformationRequested)item.Payload!);
                    break;
                case CaseWorkflowContract.CaseEndedEvent:
                    return await EndAsync((CaseEnded)item.Payload!);
                case CaseWorkflowContract.CaseExpeditedEvent:
                    await ExpediteAsync((CaseExpedited)item.Payload!);
                    break;
                case CaseWorkflowContract.ConflictStatementEvent:
                    await ConflictStatementAsync((ConflictStatement)item.Payload!, reviewStarted: true);
                    if (_p.Phase != CasePhase.UnderReview || _continuedAsNew)
                    {
                        // Declined: the case goes back to Assigning.
                        return null;
                    }

                    break;
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }
}
