using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="ExpediteCaseActivity"/>.</summary>
public sealed record ExpediteCaseRequest
{
    /// <summary>The step ("expedited"); its instant is the conversion's and the notice's.</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The treating physician's certification: who, when, where it is stored.</summary>
    public required CaseExpedited Certification { get; init; }

    /// <summary>The deadlines recomputed for an expedited review (<see cref="StatutoryClock.ConvertToExpedited"/>).</summary>
    public required CaseDeadlines Deadlines { get; init; }

    /// <summary>The parties of the notice of assignment, told of the conversion too.</summary>
    public required IReadOnlyList<NoticeRecipient> Recipients { get; init; }

    /// <summary>The claims administrator, whose records may now be due within 24 hours.</summary>
    public required string ClaimsAdministrator { get; init; }

    /// <summary>The assigned reviewer, told of the new determination deadline; null while nobody is assigned.</summary>
    public string? ReviewerId { get; init; }
}

/// <summary>
/// Converts a regular review into an expedited one (8 CCR § 9792.10.4(c)): the case row takes the priority and the new
/// deadlines (which the deadline index follows), the audit trail records the certification, and each party, the claims
/// administrator and the assigned reviewer are told at once, electronically ("the most efficient means available").
/// Idempotent: the row update sets absolute values under the step watermark, the audit and notification ids are the step's.
/// </summary>
public sealed class ExpediteCaseActivity : TaskActivity<ExpediteCaseRequest, bool>
{
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public ExpediteCaseActivity(CaseJournal journal) => _journal = journal;

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ExpediteCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        await _journal.UpdateCaseAsync(step, c => c with
        {
            Priority = Priority.Expedited,
            ExpeditedAt = step.At,
            Deadlines = input.Deadlines,
        }).ConfigureAwait(false);

        var d = input.Deadlines;
        var due = string.Create(CultureInfo.InvariantCulture, $"recordsDue={d.RecordsDue:O}; determinationDue={d.DeterminationDue:O}");
        var c = input.Certification;
        await _journal.AuditAsync(
            step,
            "staff",
            "ConvertedToExpedited",
            string.Create(CultureInfo.InvariantCulture, $"certifiedBy={c.CertifiedBy}; certifiedOn={c.CertifiedOn:yyyy-MM-dd}; certification={c.CertificationPath}; {due}")).ConfigureAwait(false);

        var detail = $"servedBy={ServiceMethod.Electronic}; {due}";
        var notices = input.Recipients.Select(r => CaseJournal.ToParty(step, NotificationKinds.ExpeditedReview, r.Role, r.PartyId, detail)).ToList();
        notices.Add(CaseJournal.ToParty(step, NotificationKinds.ExpeditedReview, "claimsAdministrator", input.ClaimsAdministrator, detail));
        if (input.ReviewerId is { } reviewerId)
        {
            notices.Add(CaseJournal.ToParty(step, NotificationKinds.ExpeditedReview, "reviewer", $"reviewer:{reviewerId}", detail));
        }

        await _journal.NotifyAsync(step, notices).ConfigureAwait(false);

        return true;
    }
}
