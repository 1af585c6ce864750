using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Determination and its service; or the end of a case withdrawn or authorized before it.</summary>
internal sealed partial class CaseRun
{
    // 6. Issue the determination and serve it on the AD and each party, the way the notice of assignment went; the appeal
    // to the WCAB counts from its mailing (LC § 4610.6(h)), an overturned item's authorization from its receipt
    // (8 CCR § 9792.10.7(a)(2)).
    private async Task<CaseOutcome?> IssueAsync(DecisionSubmitted submitted)
    {
        var issued = await _context.CallIssueDeterminationAsync(
            new IssueDeterminationRequest
            {
                Step = Step("determined"),
                ReviewerId = _p.ReviewerId!,
                Attempt = _p.Attempt,
                Decision = submitted.Decision,
                // A remanded dispute is assigned anew when the remand comes in (LC § 4610.6(i)).
                CaseAssignedAt = _p.RemandedAt ?? _p.Anchor,
                Generation = _input.Remand?.Generation ?? 1,
                ServedBy = _p.ElectronicNotice ? ServiceMethod.Electronic : ServiceMethod.Mail,
                ConsolidatedApplications = _p.ConsolidatedApplications,
            },
            _storage);
        var outcome = Finish(CaseState.Determined, reason: null);
        return outcome with { Determination = issued.Summary, LetterTextPath = issued.TextPath, LetterPdfPath = issued.PdfPath };
    }

    // 7. End early: withdrawn or treatment authorized.
    private async Task<CaseOutcome?> EndAsync(CaseEnded ended)
    {
        await _context.CallEndCaseAsync(new EndCaseRequest(Step("terminated"), ended, _p.ReviewerId, _p.Attempt), _storage);
        return Finish(CaseState.Terminated, $"{ended.Reason}: {ended.Detail}");
    }
}
