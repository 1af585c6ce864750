using System.Globalization;
using Imr.Domain.Cases;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="InformationRequestActivity"/>.</summary>
public sealed record InformationRequestRequest
{
    /// <summary>The step ("information-request:{n}"); its instant is the request's sending date.</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The request's id (from its content): the same request raised twice is one request.</summary>
    public required string RequestId { get; init; }

    /// <summary>The reviewer who asks.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>The reviewer assigned when the request is handled; a request from anyone else is refused.</summary>
    public required string? AssignedReviewerId { get; init; }

    /// <summary>What is asked for. Sent to the parties; never logged.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>Every party: the employer, the employee, the employee's attorney if represented, the requesting physician, the claims administrator.</summary>
    public required IReadOnlyList<NoticeRecipient> Recipients { get; init; }

    /// <summary>How the request is sent: Mail or Electronic, the way the notice of assignment went.</summary>
    public required ServiceMethod ServedBy { get; init; }

    /// <summary>The end of the fifth business day following receipt of the request (8 CCR § 9792.10.5(b), (c)).</summary>
    public required DateTimeOffset ResponseDue { get; init; }

    /// <summary>The determination deadline, which the request does not move.</summary>
    public DateTimeOffset? DeterminationDue { get; init; }
}

/// <summary>
/// A reviewer's request for information needed for the review (8 CCR § 9792.10.5(b), (c)): one
/// <see cref="NotificationKinds.InformationRequest"/> to each party with the items and the due date, and the audit entry.
/// The deadlines do not change. Idempotent: the audit and notification ids are the step's.
/// </summary>
public sealed class InformationRequestActivity : TaskActivity<InformationRequestRequest, bool>
{
    /// <summary>The role under which the claims administrator receives a request.</summary>
    public const string ClaimsAdministratorRole = "claimsAdministrator";

    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public InformationRequestActivity(CaseJournal journal) => _journal = journal;

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, InformationRequestRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        if (!string.Equals(input.RequestedBy, input.AssignedReviewerId, StringComparison.Ordinal))
        {
            // The case was reassigned between the API's check and this step: only the assigned reviewer asks.
            await _journal.AuditAsync(step, $"reviewer:{input.RequestedBy}", "InformationRequestRefused", $"requestId={input.RequestId}; not the assigned reviewer").ConfigureAwait(false);
            return false;
        }

        var roles = string.Join(",", input.Recipients.Select(r => r.Role));
        await _journal.AuditAsync(
            step,
            $"reviewer:{input.RequestedBy}",
            "InformationRequested",
            string.Create(
                CultureInfo.InvariantCulture,
                $"requestId={input.RequestId}; items={input.Items.Count}; to={roles}; servedBy={input.ServedBy}; responseDue={input.ResponseDue:O}; determinationDue={input.DeterminationDue:O} (unchanged)")).ConfigureAwait(false);

        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"servedBy={input.ServedBy}; respond by {input.ResponseDue:O}; requested: {string.Join(" | ", input.Items)}");
        if (input.Recipients.Count > 0)
        {
            await _journal.NotifyAsync(step, input.Recipients.Select(r => CaseJournal.ToParty(step, NotificationKinds.InformationRequest, r.Role, r.PartyId, detail)).ToList()).ConfigureAwait(false);
        }

        return true;
    }
}
