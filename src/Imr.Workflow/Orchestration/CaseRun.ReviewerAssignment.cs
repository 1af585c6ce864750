using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Reviewer assignment: the first one, the retries while nobody is eligible, and reassignment after a missed deadline.</summary>
internal sealed partial class CaseRun
{
    // 3. Assign: the best eligible reviewer; if none, retry on a timer and escalate, waking early on RetryAssignment.
    private async Task<CaseOutcome?> AssignAsync()
    {
        while (true)
        {
            var found = await _context.CallFindReviewerAsync(
                new FindReviewerRequest(CaseNumber, PacificTime.DateOf(Now), _p.PreviousReviewerIds) { PolicyVersion = _p.PolicyVersion },
                _storage);
            if (found.ReviewerId is { } reviewerId)
            {
                return await RecordAssignmentAsync(reviewerId, found.TableVersion);
            }

            var retryAt = await RecordUnassignedAsync(found.Summary);
            var outcome = await AwaitAssignmentRetryAsync(retryAt);
            if (outcome is not null || _continuedAsNew)
            {
                return outcome;
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    private async Task<CaseOutcome?> RecordAssignmentAsync(string reviewerId, string tableVersion)
    {
        var attempt = _p.Attempt + 1;
        var assignedAt = Now;
        // The records clock already runs from the notice of assignment (8 CCR § 9792.10.5(a)(1)); finding a reviewer leaves it be.
        var deadlines = _p.Deadlines;
        // After a decline (LC § 139.5) the records may be in already: the new reviewer goes on with the review.
        var underReview = _p.RecordsReceivedAt is not null;
        await _context.CallRecordAssignmentAsync(
            new RecordAssignmentRequest
            {
                Step = Step(Key("assigned", attempt)),
                ReviewerId = reviewerId,
                Attempt = attempt,
                State = underReview ? CaseState.UnderReview : CaseState.AwaitingRecords,
                Deadlines = deadlines,
                PreviousReviewerIds = _p.PreviousReviewerIds,
                EscalationLevel = _p.EscalationLevel,
                AssignedAt = assignedAt,
                Reason = _p.AssignmentReason,
                TableVersion = tableVersion,
            },
            _storage);
        return Advance(_p with
        {
            Phase = underReview ? CasePhase.UnderReview : CasePhase.AwaitingRecords,
            AssignmentReason = null,
            ReviewerId = reviewerId,
            Attempt = attempt,
            AssignedAt = assignedAt,
            Deadlines = deadlines,
            FailedAssignmentAttempts = 0,
        });
    }

    // Nobody eligible: recorded (escalated the first time and every UnassignedEscalateEvery-th), retried on a timer.
    private async Task<DateTimeOffset> RecordUnassignedAsync(string summary)
    {
        var failed = _p.FailedAssignmentAttempts + 1;
        var escalate = failed == 1 || (failed - 1) % _timing.UnassignedEscalateEvery == 0;
        var level = _p.EscalationLevel + (escalate ? 1 : 0);
        var retryAt = Now + StatutoryTimeline.Days(_timing.AssignmentRetryDays);
        await _context.CallRecordUnassignedAsync(
            new RecordUnassignedRequest(Step(Key("unassigned", failed)), failed, level, escalate, summary, retryAt),
            _storage);
        _p = _p with { FailedAssignmentAttempts = failed, EscalationLevel = level };
        return retryAt;
    }

    // Waits until the retry is due or asked for; other events are handled (or kept) without a new attempt. A non-null
    // outcome, or a ContinueAsNew, ends the phase. The claims administrator's records clock runs from the notice whether or
    // not anyone is assigned (8 CCR § 9792.10.5(a)(1)), so its reminder and escalation go out here too, audited, and are
    // not repeated once a reviewer is found; a records due date passed meanwhile starts the review at assignment.
    private async Task<CaseOutcome?> AwaitAssignmentRetryAsync(DateTimeOffset retryAt)
    {
        while (true)
        {
            var records = _p.Deadlines;
            var (point, at) = NextPoint(("records-reminder", records.RecordsReminder), ("records-escalation", records.RecordsEscalation), ("assignment-retry", retryAt));
            if (at > retryAt)
            {
                (point, at) = ("assignment-retry", retryAt);
            }

            var item = await NextAsync(CaseState.Unassigned, point, at);
            if (item is null && point != "assignment-retry")
            {
                await RemindOfRecordsAsync(point);
            }
            else if (item is null)
            {
                return null;
            }
            else if (item.Name == CaseWorkflowContract.RetryAssignmentEvent)
            {
                _p = _p with { RetryRequests = _p.RetryRequests + 1 };
                return null;
            }
            else if (item.Name == CaseWorkflowContract.CaseEndedEvent)
            {
                return await EndAsync((CaseEnded)item.Payload!);
            }
            else if (item.Name == CaseWorkflowContract.RecordArrivedEvent)
            {
                await RecordArrivedAsync((RecordArrived)item.Payload!);
            }
            else if (item.Name == CaseWorkflowContract.CaseExpeditedEvent)
            {
                await ExpediteAsync((CaseExpedited)item.Payload!);
            }
            else if (item.Name == CaseWorkflowContract.ConflictStatementEvent)
            {
                // Nobody is assigned: a statement can only be a late one from a reviewer who had the case.
            }
            else if (item.Name == CaseWorkflowContract.DeadlineNearEvent)
            {
                // Taken by NextAsync already (NearUntil); handed over only so the wake-up bound is checked.
            }
            else if (item.Name != CaseWorkflowContract.RecordsCompletedEvent || !_deferred.Exists(d => d.Name == item.Name))
            {
                // Records completed or a decision before anyone is assigned: kept for the phase that handles it. One
                // RecordsCompleted is enough (the later ones would be ignored), so repeats cannot pile up.
                _deferred.Add(item);
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    // At the deadline: a different eligible reviewer gets the case, the clock keeps running, the reason is recorded.
    private async Task<CaseOutcome?> ReassignAsync()
    {
        var current = _p.ReviewerId!;
        var excluded = _p.PreviousReviewerIds.Append(current).Distinct(StringComparer.Ordinal).ToList();
        var level = _p.EscalationLevel + 1;
        var due = _p.Deadlines.DeterminationDue!.Value;
        var found = await _context.CallFindReviewerAsync(new FindReviewerRequest(CaseNumber, PacificTime.DateOf(Now), excluded) { PolicyVersion = _p.PolicyVersion }, _storage);
        if (found.ReviewerId is not { } next)
        {
            // Nobody else is eligible: the current reviewer keeps the case, operations are told, and we try again later.
            var failed = _p.FailedAssignmentAttempts + 1;
            await _context.CallDeadlineNoticeAsync(
                new DeadlineNoticeRequest(Step(Key("reassignment-failed", failed)), DeadlineNoticeKind.Escalation, $"reviewer:{current}", level, "determination-due", due),
                _storage);
            return Advance(_p with
            {
                EscalationLevel = level,
                FailedAssignmentAttempts = failed,
                ReassignAt = Now + StatutoryTimeline.Days(_timing.AssignmentRetryDays),
            });
        }

        var reason = _p.ReassignAt is null
            ? string.Create(CultureInfo.InvariantCulture, $"determination due {due:O} passed without a decision from {current}")
            : string.Create(CultureInfo.InvariantCulture, $"grace period after the missed deadline ended without a decision from {current}");
        await _context.CallReleaseAssignmentAsync(new ReleaseAssignmentRequest(Step(Key("released", _p.Attempt)), current, _p.Attempt, reason), _storage);
        var attempt = _p.Attempt + 1;
        await _context.CallRecordAssignmentAsync(
            new RecordAssignmentRequest
            {
                Step = Step(Key("assigned", attempt)),
                ReviewerId = next,
                Attempt = attempt,
                State = CaseState.UnderReview,
                Deadlines = _p.Deadlines,
                PreviousReviewerIds = excluded,
                EscalationLevel = level,
                AssignedAt = _p.AssignedAt ?? Now,
                Reason = reason,
                TableVersion = found.TableVersion,
            },
            _storage);
        return Advance(_p with
        {
            ReviewerId = next,
            Attempt = attempt,
            PreviousReviewerIds = excluded,
            EscalationLevel = level,
            FailedAssignmentAttempts = 0,
            ReassignAt = Now + StatutoryTimeline.Days(_timing.OverdueGraceDays),
        });
    }
}
