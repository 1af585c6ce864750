using System.Globalization;
using Imr.Domain.Cases;
using Imr.Workflow.Activities;

namespace Imr.Workflow.Orchestration;

/// <summary>Appeal and remand: a determination the WCAB reversed comes back for review by a different reviewer (LC § 4610.6(i)).</summary>
internal sealed partial class CaseRun
{
    // 8. Take in the remand: the case opens again, the reviewer whose determination was reversed joins those never assigned
    // it again, and the review period runs anew from the remand's receipt, the records being in already (LC § 4610.6(d),
    // (i); StatutoryClock.RemandedReview). The new reviewer then goes through the same steps as any: the conflict statement,
    // the records released on it, the decision and a letter of this generation's own.
    private async Task<CaseOutcome?> RemandAsync()
    {
        var remand = _input.Remand ?? throw new InvalidOperationException($"Case {CaseNumber} was started to take a remand without one.");
        Status(CaseState.Unassigned);
        var receivedAt = Now;
        var deadlines = Clock.RemandedReview(_p.Priority, receivedAt);
        var taken = await RemandCaseActivity.CallAsync(
            _context,
            new RemandCaseRequest { Step = Step("remanded"), Remand = remand, Deadlines = deadlines },
            _storage);
        return Advance(_p with
        {
            Phase = CasePhase.Assigning,
            ReviewerId = null,
            PreviousReviewerIds = taken.PreviousReviewerIds,
            NoticeRecipients = taken.NoticeRecipients,
            ClaimsAdministrator = taken.ClaimsAdministrator,
            RemandedAt = receivedAt,
            RecordsReceivedAt = receivedAt,
            Deadlines = deadlines,
            EscalationLevel = 0,
            FailedAssignmentAttempts = 0,
            ReassignAt = null,
            PointsDone = [],
            AssignmentReason = string.Create(
                CultureInfo.InvariantCulture,
                $"remanded by the WCAB's order {remand.OrderReference} of {remand.OrderDate:yyyy-MM-dd}: review by a different reviewer (LC § 4610.6(i))"),
        });
    }
}
