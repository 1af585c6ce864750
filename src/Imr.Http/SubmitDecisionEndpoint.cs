using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /cases/{caseNumber}/decision</c>: the assigned reviewer's decision (202; 400, 403, 404, 409, 413).</summary>
public static class SubmitDecisionEndpoint
{
    /// <summary>The header that may carry the assignment credential instead of the body.</summary>
    public const string AssignmentTokenHeader = "X-Assignment-Token";

    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, ClaimsPrincipal caller, DecisionSubmission decisions, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, DecisionSubmission.MaxDecisionBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBody.TooLarge(DecisionSubmission.MaxDecisionBytes);
        }

        var token = request.Headers.TryGetValue(AssignmentTokenHeader, out var values) ? values.ToString() : null;
        return ProblemResults.Json(await decisions.SubmitAsync(caseNumber, body, token, CallerRoles.SignedInReviewer(caller), cancellationToken).ConfigureAwait(false));
    }
}
