using System.Globalization;
using Imr.Domain.Cases;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="RecordUnassignedActivity"/>.</summary>
/// <param name="Step">The step ("unassigned:{n}").</param>
/// <param name="FailedAttempts">How many attempts in a row found nobody.</param>
/// <param name="EscalationLevel">The escalation level after this attempt.</param>
/// <param name="Escalated">Whether this attempt raised the level (then operations are notified).</param>
/// <param name="Summary">Why nobody was eligible (non-clinical).</param>
/// <param name="NextAttemptAt">When the next attempt is due (statutory time).</param>
public sealed record RecordUnassignedRequest(CaseStep Step, int FailedAttempts, int EscalationLevel, bool Escalated, string Summary, DateTimeOffset NextAttemptAt);

/// <summary>
/// Step 2c: no eligible reviewer. The case shows Unassigned with its escalation level, the attempt is audited with the
/// reasons, and operations are told when the level rises. Never silent.
/// </summary>
public sealed class RecordUnassignedActivity : TaskActivity<RecordUnassignedRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RecordUnassignedActivity(CaseJournal journal, ILogger<RecordUnassignedActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordUnassignedRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var reason = string.Create(CultureInfo.InvariantCulture, $"No eligible reviewer after {input.FailedAttempts} attempt(s); next attempt {input.NextAttemptAt:O}.");
        // Under the step watermark: a late copy of this step, run after the case was assigned, must not show the case
        // Unassigned with no reviewer (the decision endpoint reads the row's reviewer and would refuse the real one's).
        await _journal.UpdateCaseAsync(step, c => c with
        {
            State = CaseState.Unassigned,
            StateReason = reason,
            ReviewerId = null,
            EscalationLevel = input.EscalationLevel,
        }).ConfigureAwait(false);
        await _journal.AuditAsync(
            step,
            "system",
            input.Escalated ? "Escalated" : "Unassigned",
            string.Create(CultureInfo.InvariantCulture, $"{reason} level={input.EscalationLevel}; {input.Summary}")).ConfigureAwait(false);
        if (input.Escalated)
        {
            await _journal.NotifyAsync(
                step,
                NotificationKinds.Escalation,
                Recipients.Operations,
                detail: string.Create(CultureInfo.InvariantCulture, $"unassigned; level {input.EscalationLevel}")).ConfigureAwait(false);
        }

        _log.CaseUnassigned(step.CaseNumber, step.Key, input.FailedAttempts, input.EscalationLevel, input.Escalated);
        return true;
    }
}
