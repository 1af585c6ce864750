using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /cases</c>: takes a case file; 202 with the case number, 400 with every problem, 409, 413.</summary>
public static class SubmitCaseEndpoint
{
    /// <summary>The header a client sets so a retried submission is recognised.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, CaseSubmission submission, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, CaseSubmission.MaxCaseFileBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBody.TooLarge(CaseSubmission.MaxCaseFileBytes);
        }

        var key = request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) ? values.ToString() : null;
        var outcome = await submission.SubmitAsync(body, key, cancellationToken).ConfigureAwait(false);
        return ProblemResults.From(outcome, submitted => Results.Json(
            new { submitted.CaseNumber, submitted.InstanceId },
            ApplicationJson.Options,
            statusCode: StatusCodes.Status202Accepted));
    }
}
