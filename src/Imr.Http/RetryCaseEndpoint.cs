using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /cases/{caseNumber}/retry</c> (staff): starts a stuck case again from its row; 202, 404, 409.</summary>
public static class RetryCaseEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string caseNumber, CaseRepair repair, CancellationToken cancellationToken) =>
        ProblemResults.Json(await repair.RetryAsync(caseNumber, cancellationToken).ConfigureAwait(false));
}
