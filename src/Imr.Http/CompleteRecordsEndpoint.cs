using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /cases/{caseNumber}/records/complete</c>: the records are all in (202).</summary>
public static class CompleteRecordsEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string caseNumber, RecordIntake records, CancellationToken cancellationToken) =>
        ProblemResults.Json(await records.CompleteAsync(caseNumber, cancellationToken).ConfigureAwait(false));
}
