using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>PUT /cases/{caseNumber}/records/{fileName}</c>: stores a medical record (201; 200 when already stored).</summary>
public static class StoreRecordEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, string fileName, RecordIntake records, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RecordIntake.MaxRecordBytes)
        {
            return RequestBody.TooLarge((int)Math.Min(int.MaxValue, RecordIntake.MaxRecordBytes));
        }

        // Without a declared length, buffer up to the limit so an oversized stream is still refused with 413.
        Stream content = request.Body;
        long? length = request.ContentLength;
        if (length is null)
        {
            var body = await RequestBody.ReadAsync(request, (int)RecordIntake.MaxRecordBytes, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return RequestBody.TooLarge((int)RecordIntake.MaxRecordBytes);
            }

            content = new MemoryStream(body, writable: false);
            length = body.Length;
        }

        var outcome = await records.StoreAsync(caseNumber, fileName, content, request.ContentType, length, cancellationToken).ConfigureAwait(false);
        return ProblemResults.From(outcome, blob => Results.Json(
            new { path = blob.Path, contentHash = blob.ContentHash, length = blob.Length },
            ApplicationJson.Options,
            statusCode: (int)outcome.Status));
    }
}
