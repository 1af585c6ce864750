using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>One recipient of the notice of assignment: the party's role in the case and its identifier.</summary>
/// <param name="Role">"employer", "employee", "employeeAttorney" or "requestingPhysician".</param>
/// <param name="PartyId">The party's identifier from the case file.</param>
public sealed record NoticeRecipient(string Role, string PartyId);

/// <summary>The input of <see cref="NoticeOfAssignmentActivity"/>.</summary>
public sealed record NoticeOfAssignmentRequest
{
    /// <summary>The step ("notice-of-assignment"); its instant is the notice's sending date.</summary>
    public required CaseStep Step { get; init; }

    /// <summary>Who the notice goes to (8 CCR § 9792.10.4(b)).</summary>
    public required IReadOnlyList<NoticeRecipient> Recipients { get; init; }

    /// <summary>How the notice is sent: Mail or Electronic.</summary>
    public required ServiceMethod ServedBy { get; init; }

    /// <summary>The deadlines with the records clock running from this notice (8 CCR § 9792.10.5(a)(1)).</summary>
    public required CaseDeadlines Deadlines { get; init; }

    /// <summary>The claims administrator, asked for the records.</summary>
    public required string ClaimsAdministrator { get; init; }

    /// <summary>The end of the one business day following receipt of the AD's finding (8 CCR § 9792.10.4(b)).</summary>
    public required DateTimeOffset Due { get; init; }
}

/// <summary>
/// Step 2: the notice of assignment. Each party named in 8 CCR § 9792.10.4(b) is told the dispute is assigned to this
/// organization, the claims administrator is asked for the records with their due date (§ 9792.10.5(a)(1)), and the
/// case row records when and how the notice went out. Idempotent: the row update sets absolute values under the step
/// watermark, the audit and notification ids are the step's.
/// </summary>
public sealed class NoticeOfAssignmentActivity : TaskActivity<NoticeOfAssignmentRequest, bool>
{
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public NoticeOfAssignmentActivity(CaseJournal journal) => _journal = journal;

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, NoticeOfAssignmentRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var late = step.At > input.Due;
        // Only a Received row takes the notice: a late copy must not give a case that moved on its old deadlines back.
        await _journal.UpdateCaseAsync(
            step,
            c => c.State != CaseState.Received || c.NoticeSentAt is not null ? null : c with
            {
                NoticeSentAt = step.At,
                NoticeServedBy = input.ServedBy,
                Deadlines = input.Deadlines,
            },
            "system",
            "NoticeOfAssignment",
            string.Create(
                CultureInfo.InvariantCulture,
                $"to={string.Join(",", input.Recipients.Select(r => r.Role))}; servedBy={input.ServedBy}; due={input.Due:O}; late={late}; recordsDue={input.Deadlines.RecordsDue:O}")).ConfigureAwait(false);

        var detail = string.Create(CultureInfo.InvariantCulture, $"servedBy={input.ServedBy}; records due {input.Deadlines.RecordsDue:O}");
        // One message: each party's notice and the records request, each addressed on its own.
        var notices = input.Recipients
            .Select(r => CaseJournal.ToParty(step, NotificationKinds.NoticeOfAssignment, r.Role, r.PartyId, detail))
            .Append(CaseJournal.To(step, NotificationKinds.RecordsRequest, input.ClaimsAdministrator, detail: string.Create(CultureInfo.InvariantCulture, $"records due {input.Deadlines.RecordsDue:O}")))
            .ToList();
        await _journal.NotifyAsync(step, notices).ConfigureAwait(false);
        return true;
    }
}
