using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /reviewers</c>: creates a reviewer; 201 with <c>{id}</c>.</summary>
public static class CreateReviewerEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, ReviewerRegistration registration, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, ReviewerRegistration.MaxProfileBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBody.TooLarge(ReviewerRegistration.MaxProfileBytes);
        }

        var outcome = await registration.CreateAsync(body, cancellationToken).ConfigureAwait(false);
        return ProblemResults.From(outcome, reviewer => Results.Json(new { reviewer.Id }, ApplicationJson.Options, statusCode: StatusCodes.Status201Created));
    }
}
