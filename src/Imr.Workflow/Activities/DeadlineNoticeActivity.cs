using System.Globalization;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

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
        var notices = new List<Notice>(2);
        if (input.Kind == DeadlineNoticeKind.Escalation)
        {
            await _journal.UpdateCaseAsync(input.Step, c => c with { EscalationLevel = input.EscalationLevel }).ConfigureAwait(false);
            notices.Add(CaseJournal.To(input.Step, NotificationKinds.Escalation, Recipients.Operations, detail: detail));
        }

        notices.Add(CaseJournal.To(input.Step, NotificationKinds.Reminder, input.Recipient, detail: detail));
        await _journal.NotifyAsync(input.Step, notices).ConfigureAwait(false);
        await _journal.AuditAsync(input.Step, "timer", input.Kind == DeadlineNoticeKind.Escalation ? "Escalated" : "Reminded", $"to={input.Recipient}; {detail}").ConfigureAwait(false);
        _log.DeadlineNoticeSent(input.Step.CaseNumber, input.Step.Key, input.Kind.ToString(), input.Deadline, input.DueAt, input.EscalationLevel);
        return true;
    }
}
