using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;

namespace Imr.Workflow.Orchestration;

/// <summary>Conversion of a regular review into an expedited one, at any waiting point (8 CCR § 9792.10.4(c)).</summary>
internal sealed partial class CaseRun
{
    // The treating physician certified an imminent and serious threat: the review becomes expedited and the parties are
    // told at once. Records not yet in are due 24 hours after that notice (§ 9792.10.5(a)(1)); records already in start
    // the 3 days of LC § 4610.6(d) (StatutoryClock.ConvertToExpedited). The next wait takes the new points: a kept timer
    // that would fire after them is cancelled there (WaitKeepingTimerAsync), one that fires earlier wakes the case once.
    private async Task ExpediteAsync(CaseExpedited certification)
    {
        if (_p.Priority == Priority.Expedited)
        {
            // Expedited from its application or by an earlier certification: nothing happens twice.
            return;
        }

        var deadlines = Clock.ConvertToExpedited(_p.Deadlines, Now, _p.RecordsReceivedAt);
        await _context.CallExpediteCaseAsync(
            new ExpediteCaseRequest
            {
                Step = Step("expedited"),
                Certification = certification,
                Deadlines = deadlines,
                Recipients = _p.NoticeRecipients,
                ClaimsAdministrator = _p.ClaimsAdministrator,
                ReviewerId = _p.ReviewerId,
            },
            _storage);
        _p = _p with { Priority = Priority.Expedited, Deadlines = deadlines };
    }
}
