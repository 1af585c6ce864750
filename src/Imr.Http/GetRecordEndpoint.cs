using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>GET /cases/{caseNumber}/records/{fileName}</c>: one medical record with the content type it was stored with, for
/// showing in the page (a reviewer: assigned, no conflict stated).
/// </summary>
public static class GetRecordEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpResponse response, string caseNumber, string fileName, ClaimsPrincipal caller, CaseRecords records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var outcome = await records.ReadAsync(caseNumber, fileName, CallerRoles.AssignedTo(caller), cancellationToken).ConfigureAwait(false);
        return ProblemResults.From(outcome, record =>
        {
            // A record is whatever was uploaded: never sniffed into another type, never run as a page of this origin.
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "sandbox";
            response.Headers.ContentDisposition = "inline";
            return Results.Bytes(record.Content.ToArray(), record.ContentType);
        });
    }
}
