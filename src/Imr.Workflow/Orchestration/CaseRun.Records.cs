using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Records: the claims administrator's medical records, recorded once each, and the start of the review clock.</summary>
internal sealed partial class CaseRun
{
    // The claims administrator's reminder, or the escalation, at a records point (8 CCR § 9792.10.5(a)(1)).
    private Task RemindOfRecordsAsync(string point) =>
        DeadlineNoticeAsync(point, _p.ClaimsAdministrator, "records-due", _p.Deadlines.RecordsDue!.Value, escalate: point == "records-escalation");

    // 4. Wait for records, whose clock has run from the notice of assignment, reviewer or not (8 CCR § 9792.10.5(a)(1)):
    // each record recorded once; completion or the due date starts the review clock.
    private async Task<CaseOutcome?> AwaitRecordsAsync()
    {
        while (true)
        {
            var d = _p.Deadlines;
            var (point, at) = NextPoint(
                ("records-reminder", d.RecordsReminder),
                ("records-escalation", d.RecordsEscalation),
                ("records-due", d.RecordsDue));
            var item = await NextAsync(CaseState.AwaitingRecords, point, at);
            switch (item?.Name)
            {
                case null when point == "records-due":
                    return await StartReviewAsync(at, "records due date passed");
                case null:
                    await RemindOfRecordsAsync(point);
                    await EscalateMissingStatementAsync(at);
                    break;
                case CaseWorkflowContract.RecordArrivedEvent:
                    await RecordArrivedAsync((RecordArrived)item.Payload!);
                    break;
                case CaseWorkflowContract.RecordsCompletedEvent:
                    return await StartReviewAsync(Now, "records complete");
                case CaseWorkflowContract.CaseEndedEvent:
                    return await EndAsync((CaseEnded)item.Payload!);
                case CaseWorkflowContract.CaseExpeditedEvent:
                    await ExpediteAsync((CaseExpedited)item.Payload!);
                    break;
                case CaseWorkflowContract.ConflictStatementEvent:
                    await ConflictStatementAsync((ConflictStatement)item.Payload!, reviewStarted: false);
                    if (_p.Phase != CasePhase.AwaitingRecords || _continuedAsNew)
                    {
                        // Declined: the case goes back to Assigning.
                        return null;
                    }

                    break;
                case CaseWorkflowContract.DecisionSubmittedEvent or CaseWorkflowContract.InformationRequestedEvent:
                    // A decision or a request for information before the records are in waits for the review phase.
                    _deferred.Add(item);
                    break;
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    private async Task<CaseOutcome?> StartReviewAsync(DateTimeOffset receivedAt, string reason)
    {
        if (_input.Consolidate)
        {
            // The review starts: no application joins after this, and those joined are decided with this case's items
            // under this case's clock (8 CCR § 9792.10.4(a); docs/workflow.md, "Consolidation").
            var joined = await _context.CallCloseConsolidationAsync(new CloseConsolidationRequest(Step("consolidation-closed")), _storage);
            _p = _p with
            {
                Items = [.. _p.Items, .. joined.SelectMany(a => a.Items)],
                ConsolidatedApplications = joined.Select(a => a.CaseNumber).ToList(),
            };
        }

        var deadlines = Clock.Compute(_p.Priority, _p.NoticeSentAt, _p.ElectronicNotice, receivedAt);
        if (_p.Priority == Imr.Domain.Cases.Priority.Expedited && _p.Deadlines.RecordsDue is { } recordsDue)
        {
            // A converted case keeps the records deadline its conversion set (StatutoryClock.ConvertToExpedited).
            deadlines = deadlines with { RecordsDue = recordsDue, RecordsReminder = _p.Deadlines.RecordsReminder, RecordsEscalation = _p.Deadlines.RecordsEscalation };
        }

        // The records go to the reviewer (ReviewStarted) only once they have stated no conflict (LC § 139.5).
        await _context.CallStartReviewAsync(
            new StartReviewRequest(Step("review-started"), receivedAt, deadlines, reason, NoConflictStated ? _p.ReviewerId : null), _storage);
        return Advance(_p with { Phase = CasePhase.UnderReview, RecordsReceivedAt = receivedAt, Deadlines = deadlines });
    }

    private async Task RecordArrivedAsync(RecordArrived record)
    {
        var key = $"{record.FileName}|{record.ContentHash}";
        if (_p.RecordKeys.Contains(key, StringComparer.Ordinal))
        {
            return;
        }

        await _context.CallRecordArrivalAsync(new RecordArrivalRequest(Step(RecordStepKey(record)), record), _storage);
        _p = _p with { RecordKeys = [.. _p.RecordKeys, key] };
    }

    // Audit ids become table keys: keep only safe characters of the file name, and the hash that makes it unique.
    private static string RecordStepKey(RecordArrived record)
    {
        var safe = new string(record.FileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        var hash = record.ContentHash.Length > 16 ? record.ContentHash[..16] : record.ContentHash;
        return $"record:{hash}:{safe}";
    }
}
