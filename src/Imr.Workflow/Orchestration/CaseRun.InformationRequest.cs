using System.Globalization;
using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;

namespace Imr.Workflow.Orchestration;

/// <summary>Review: the reviewer's request for information needed for the review, copied to every party.</summary>
internal sealed partial class CaseRun
{
    // The IMR organization may ask the parties for information needed for the review; each party gets the request with
    // what is asked for and when the answer is due, 5 business days following its receipt (8 CCR § 9792.10.5(b), (c)).
    // The text gives no extension of the determination deadline (LC § 4610.6(d)), so the deadlines stay as they are; the
    // answers come in as records (RecordArrived), handled as any record.
    private async Task RequestInformationAsync(InformationRequested requested)
    {
        if (_p.InformationRequestIds.Contains(requested.RequestId, StringComparer.Ordinal))
        {
            return;
        }

        var number = _p.InformationRequestIds.Count + 1;
        var servedBy = _p.ElectronicNotice ? ServiceMethod.Electronic : ServiceMethod.Mail;
        var sentAt = Now;
        await _context.CallRequestInformationAsync(
            new InformationRequestRequest
            {
                Step = Step(string.Create(CultureInfo.InvariantCulture, $"information-request:{number}")),
                RequestId = requested.RequestId,
                RequestedBy = requested.ReviewerId,
                AssignedReviewerId = _p.ReviewerId,
                Items = requested.Items,
                Recipients = [.. _p.NoticeRecipients, new NoticeRecipient(InformationRequestActivity.ClaimsAdministratorRole, _p.ClaimsAdministrator)],
                ServedBy = servedBy,
                ResponseDue = Clock.InformationResponseDue(sentAt, servedBy),
                DeterminationDue = _p.Deadlines.DeterminationDue,
            },
            _storage);
        _p = _p with { InformationRequestIds = [.. _p.InformationRequestIds, requested.RequestId] };
    }
}
