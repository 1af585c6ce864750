using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="RecordArrivalActivity"/>.</summary>
/// <param name="Step">The step ("record:{fileName}:{hash}").</param>
/// <param name="Record">The record that arrived (a blob reference).</param>
public sealed record RecordArrivalRequest(CaseStep Step, RecordArrived Record);

/// <summary>Step 3a: audits one arrived record. Its audit id comes from the file name and hash, so a duplicate event or a retry writes once.</summary>
public sealed class RecordArrivalActivity : TaskActivity<RecordArrivalRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RecordArrivalActivity(CaseJournal journal, ILogger<RecordArrivalActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordArrivalRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(
            input.Step,
            "claims-administrator",
            "RecordArrived",
            $"blob={input.Record.BlobPath}; sha256={input.Record.ContentHash}").ConfigureAwait(false);
        _log.RecordArrivalAudited(input.Step.CaseNumber, input.Record.ContentHash);
        return true;
    }
}

/// <summary>The input of <see cref="StartReviewActivity"/>.</summary>
/// <param name="Step">The step ("review-started").</param>
/// <param name="RecordsReceivedAt">When the records count as received: their completion, or the records due date.</param>
/// <param name="Deadlines">The deadlines with the determination clock started.</param>
/// <param name="Reason">"records complete" or "records due date passed".</param>
/// <param name="ReviewerId">The assigned reviewer, told that the review has started (null when the recorded input has none).</param>
public sealed record StartReviewRequest(CaseStep Step, DateTimeOffset RecordsReceivedAt, CaseDeadlines Deadlines, string Reason, string? ReviewerId = null);

/// <summary>Step 3b: moves the case to UnderReview and starts the review clock from receipt of the records.</summary>
public sealed class StartReviewActivity : TaskActivity<StartReviewRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public StartReviewActivity(CaseJournal journal, ILogger<StartReviewActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StartReviewRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Under the step watermark: a late copy of this step after a reassignment must not put back the old deadlines.
        await _journal.UpdateCaseAsync(input.Step, c => c with
        {
            State = CaseState.UnderReview,
            StateReason = input.Reason,
            RecordsReceivedAt = input.RecordsReceivedAt,
            Deadlines = input.Deadlines,
        }).ConfigureAwait(false);
        await _journal.AuditAsync(
            input.Step,
            "system",
            "ReviewStarted",
            string.Create(CultureInfo.InvariantCulture, $"reason={input.Reason}; recordsReceivedAt={input.RecordsReceivedAt:O}; determinationDue={input.Deadlines.DeterminationDue:O}")).ConfigureAwait(false);
        if (input.ReviewerId is { } reviewerId)
        {
            // After the state change, so a reviewer who acts on the notice finds the case under review.
            await _journal.NotifyAsync(
                input.Step,
                NotificationKinds.ReviewStarted,
                $"reviewer:{reviewerId}",
                detail: string.Create(CultureInfo.InvariantCulture, $"determinationDue={input.Deadlines.DeterminationDue:O}")).ConfigureAwait(false);
        }

        _log.ReviewStarted(input.Step.CaseNumber, input.Step.Key, input.Reason, input.Deadlines.DeterminationDue);
        return true;
    }
}

/// <summary>Whether a deadline point reminds or escalates.</summary>
public enum DeadlineNoticeKind
{
    /// <summary>A reminder to whoever owes the next act.</summary>
    Reminder,

    /// <summary>The case is escalated: its level rises and operations are told.</summary>
    Escalation,
}

/// <summary>The input of <see cref="DeadlineNoticeActivity"/>.</summary>
/// <param name="Step">The step (e.g. "determination-reminder:1").</param>
/// <param name="Kind">Reminder or escalation.</param>
/// <param name="Recipient">Who is reminded (an escalation also goes to operations).</param>
/// <param name="EscalationLevel">The level after this point.</param>
/// <param name="Deadline">Which deadline, e.g. "records-due".</param>
/// <param name="DueAt">When it falls due.</param>
public sealed record DeadlineNoticeRequest(CaseStep Step, DeadlineNoticeKind Kind, string Recipient, int EscalationLevel, string Deadline, DateTimeOffset DueAt);

/// <summary>Step 4a: a reminder or an escalation at a deadline point: audited, notified, and the level stored on the case.</summary>
public sealed class DeadlineNoticeActivity : TaskActivity<DeadlineNoticeRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public DeadlineNoticeActivity(CaseJournal journal, ILogger<DeadlineNoticeActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DeadlineNoticeRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{input.Deadline} due {input.DueAt:O}; level {input.EscalationLevel}");
        if (input.Kind == DeadlineNoticeKind.Escalation)
        {
            await _journal.UpdateCaseAsync(input.Step, c => c with { EscalationLevel = input.EscalationLevel }).ConfigureAwait(false);
            await _journal.NotifyAsync(input.Step, NotificationKinds.Escalation, Recipients.Operations, detail: detail).ConfigureAwait(false);
        }

        await _journal.NotifyAsync(input.Step, NotificationKinds.Reminder, input.Recipient, detail: detail).ConfigureAwait(false);
        await _journal.AuditAsync(input.Step, "timer", input.Kind == DeadlineNoticeKind.Escalation ? "Escalated" : "Reminded", $"to={input.Recipient}; {detail}").ConfigureAwait(false);
        _log.DeadlineNoticeSent(input.Step.CaseNumber, input.Step.Key, input.Kind.ToString(), input.Deadline, input.DueAt, input.EscalationLevel);
        return true;
    }
}

/// <summary>The input of <see cref="RefuseDecisionActivity"/>.</summary>
/// <param name="Step">The step ("decision-refused:{n}").</param>
/// <param name="SubmittedBy">The reviewer id the decision claimed, or "unknown".</param>
/// <param name="Reasons">Every reason, naming fields and item numbers but never clinical text.</param>
public sealed record RefuseDecisionRequest(CaseStep Step, string SubmittedBy, IReadOnlyList<string> Reasons);

/// <summary>Step 5: audits a refused decision with its reasons; the case keeps waiting for a valid one.</summary>
public sealed class RefuseDecisionActivity : TaskActivity<RefuseDecisionRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RefuseDecisionActivity(CaseJournal journal, ILogger<RefuseDecisionActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RefuseDecisionRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(input.Step, $"reviewer:{input.SubmittedBy}", "DecisionRefused", string.Join(" | ", input.Reasons)).ConfigureAwait(false);
        _log.DecisionRefusedAudited(input.Step.CaseNumber, input.Step.Key, input.Reasons.Count);
        return true;
    }
}

/// <summary>The input of <see cref="EndCaseActivity"/>.</summary>
/// <param name="Step">The step ("terminated").</param>
/// <param name="Ended">Why and when the case ended.</param>
/// <param name="ReviewerId">The reviewer who had the case, whose assignment is released; null when unassigned.</param>
/// <param name="Attempt">That assignment's attempt number.</param>
public sealed record EndCaseRequest(CaseStep Step, CaseEnded Ended, string? ReviewerId, int Attempt);

/// <summary>Step 7: the case ends early (withdrawn or treatment authorized): released, Terminated with the reason, audited.</summary>
public sealed class EndCaseActivity : TaskActivity<EndCaseRequest, bool>
{
    private readonly Ports.IReviewerRegistry _registry;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public EndCaseActivity(Ports.IReviewerRegistry registry, CaseJournal journal, ILogger<EndCaseActivity> log)
    {
        _registry = registry;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, EndCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ReviewerId is { } reviewerId)
        {
            await _registry.ReleaseAssignmentAsync(reviewerId, input.Step.CaseNumber, input.Attempt).ConfigureAwait(false);
        }

        var reason = $"{input.Ended.Reason}: {input.Ended.Detail}";
        await _journal.UpdateCaseAsync(input.Step, c => c with { State = CaseState.Terminated, StateReason = reason }).ConfigureAwait(false);
        await _journal.AuditAsync(
            input.Step,
            "api",
            "Terminated",
            string.Create(CultureInfo.InvariantCulture, $"reason={input.Ended.Reason}; reviewer={input.ReviewerId ?? "none"}; released={input.ReviewerId is not null}")).ConfigureAwait(false);
        _log.CaseTerminated(input.Step.CaseNumber, input.Step.Key, input.Ended.Reason.ToString(), input.ReviewerId is not null);
        return true;
    }
}

/// <summary>The input of <see cref="ReportFailureActivity"/>.</summary>
/// <param name="Step">The step ("failed:{generation}").</param>
/// <param name="Failure">What failed, without clinical text: the activity name and the error type and message.</param>
public sealed record ReportFailureRequest(CaseStep Step, string Failure);

/// <summary>
/// When a step fails after all its retries, the case must not stop silently: the failure is audited and operations
/// are told, and then the orchestration fails visibly (runtime status Failed) so it can be inspected and restarted.
/// </summary>
public sealed class ReportFailureActivity : TaskActivity<ReportFailureRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public ReportFailureActivity(CaseJournal journal, ILogger<ReportFailureActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ReportFailureRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(input.Step, "system", "WorkflowFailed", input.Failure).ConfigureAwait(false);
        await _journal.NotifyAsync(input.Step, NotificationKinds.Escalation, Recipients.Operations, detail: "workflow failed: " + input.Failure).ConfigureAwait(false);
        _log.WorkflowFailureReported(input.Step.CaseNumber, input.Step.Key);
        return true;
    }
}
