using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /cases/{caseNumber}/records</c>: the case's medical records by file name (a reviewer: assigned, no conflict stated).</summary>
public static class ListRecordsEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string caseNumber, ClaimsPrincipal caller, CaseRecords records, CancellationToken cancellationToken) =>
        ProblemResults.Json(await records.ListAsync(caseNumber, CallerRoles.AssignedTo(caller), cancellationToken).ConfigureAwait(false));
}
