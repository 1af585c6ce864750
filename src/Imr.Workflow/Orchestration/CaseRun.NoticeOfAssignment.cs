using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Orchestration;

/// <summary>Notice of assignment: the parties are told, and the claims administrator's records clock starts.</summary>
internal sealed partial class CaseRun
{
    // 2. The AD found the dispute eligible and assigned it (8 CCR § 9792.10.3); within one business day following receipt
    // of that finding the parties are told (§ 9792.10.4(b)). The records are due 15 days after the mailing of this notice,
    // 12 if sent electronically, 24 hours if expedited (§ 9792.10.5(a)(1)): the clock runs from here, reviewer or not.
    private async Task<CaseOutcome?> NotifyAssignmentAsync()
    {
        var sentAt = Now;
        var due = Clock.NoticeOfAssignmentDue(_p.FindingReceivedOn);
        var deadlines = Clock.Compute(_p.Priority, sentAt, _p.ElectronicNotice, recordsReceived: null);
        await _context.CallNoticeOfAssignmentAsync(
            new NoticeOfAssignmentRequest
            {
                Step = Step("notice-of-assignment"),
                Recipients = _p.NoticeRecipients,
                ServedBy = _p.ElectronicNotice ? ServiceMethod.Electronic : ServiceMethod.Mail,
                Deadlines = deadlines,
                ClaimsAdministrator = _p.ClaimsAdministrator,
                Due = due,
            },
            _storage);
        if (sentAt > due)
        {
            CaseRunLog.NoticeOfAssignmentLate(_context.CreateReplaySafeLogger<CaseOrchestration>(), CaseNumber.ToString(), due);
        }

        return Advance(_p with { Phase = CasePhase.Assigning, NoticeSentAt = sentAt, Deadlines = deadlines });
    }
}
