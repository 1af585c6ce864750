using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>POST /cases/{caseNumber}/information-requests</c>: the assigned reviewer asks the parties for information needed
/// for the review (8 CCR § 9792.10.5(b), (c)); 202, 400, 401, 403, 404, 409, 413.
/// </summary>
public static class RequestInformationEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, ClaimsPrincipal caller, InformationRequestSubmission requests, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, InformationRequestSubmission.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBody.TooLarge(InformationRequestSubmission.MaxBytes);
        }

        var token = request.Headers.TryGetValue(SubmitDecisionEndpoint.AssignmentTokenHeader, out var values) ? values.ToString() : null;
        return ProblemResults.Json(await requests.SubmitAsync(caseNumber, body, token, CallerRoles.SignedInReviewer(caller), cancellationToken).ConfigureAwait(false));
    }
}
