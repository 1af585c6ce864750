using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /cases/{caseNumber}</c>: the case's state, reviewer, deadlines and determination, or 404.</summary>
public static class GetCaseEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string caseNumber, ClaimsPrincipal caller, CaseQueries queries, CancellationToken cancellationToken) =>
        ProblemResults.Json(await queries.GetAsync(caseNumber, CallerRoles.AssignedTo(caller), cancellationToken).ConfigureAwait(false));
}
