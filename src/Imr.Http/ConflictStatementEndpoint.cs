using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>POST /cases/{caseNumber}/conflict-statement</c>: the assigned reviewer states no conflict of interest in the case, or
/// declines it (LC § 139.5); takes <c>{noConflict, reason?}</c>; 202, 400, 403, 404, 409, 413. Called as decisions are:
/// signed in as the reviewer, or with the assignment credential.
/// </summary>
public static class ConflictStatementEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, ClaimsPrincipal caller, ConflictStatementSubmission statements, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, ConflictStatementSubmission.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBody.TooLarge(ConflictStatementSubmission.MaxBodyBytes);
        }

        var token = request.Headers.TryGetValue(SubmitDecisionEndpoint.AssignmentTokenHeader, out var values) ? values.ToString() : null;
        return ProblemResults.Json(await statements.SubmitAsync(caseNumber, body, token, CallerRoles.SignedInReviewer(caller), cancellationToken).ConfigureAwait(false));
    }
}
