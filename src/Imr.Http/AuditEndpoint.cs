using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /cases/{caseNumber}/audit</c>: the case's audit trail, oldest first.</summary>
public static class AuditEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string caseNumber, ClaimsPrincipal caller, CaseQueries queries, CancellationToken cancellationToken) =>
        ProblemResults.Json(await queries.AuditAsync(caseNumber, CallerRoles.AssignedTo(caller), cancellationToken).ConfigureAwait(false));
}
