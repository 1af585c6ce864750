using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Acceptance: the case file and the filing window.</summary>
internal sealed partial class CaseRun
{
    // 1. Accept: validate the case file and the filing window.
    private async Task<CaseOutcome?> AcceptAsync()
    {
        Status(CaseState.Received);
        var accepted = await _context.CallAcceptCaseAsync(
            new AcceptCaseRequest(Step("accepted"), _input.Source, _input.CaseFilePath, _input.ContentHash),
            _storage);
        // The policy version comes from the activity's recorded result, so a replay under a newer build sees the old one.
        _p = _p with { PolicyVersion = accepted.PolicyVersion };
        if (accepted.Verdict != AcceptVerdict.Accepted)
        {
            var state = accepted.Verdict == AcceptVerdict.Rejected ? CaseState.Rejected : CaseState.Ineligible;
            return Finish(state, string.Join(" | ", accepted.Reasons));
        }

        // An eligible application of the same employee, requesting physician and date of injury as an open case whose
        // review has not started joins it, for resolution in a single determination (8 CCR § 9792.10.4(a)).
        if (_input.Consolidate)
        {
            var consolidation = await _context.CallConsolidateApplicationAsync(new ConsolidateApplicationRequest(Step("consolidation"), accepted.NoticeRecipients), _storage);
            if (consolidation.Carrier != CaseNumber)
            {
                return Finish(CaseState.Consolidated, $"Consolidated into {consolidation.Carrier}");
            }
        }

        return Advance(_p with
        {
            Phase = CasePhase.NoticeOfAssignment,
            Priority = accepted.Priority,
            Items = accepted.Items,
            ClaimsAdministrator = accepted.ClaimsAdministrator,
            FindingReceivedOn = accepted.FindingReceivedOn,
            NoticeRecipients = accepted.NoticeRecipients,
        });
    }
}
