using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /reviewers</c>: creates a reviewer; 201 with <c>{id}</c>.</summary>
internal static class CreateReviewerEndpoint
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

/// <summary><c>PUT /reviewers/{id}</c>: replaces a reviewer's profile; 200 with the reviewer.</summary>
internal static class UpdateReviewerEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string id, ReviewerRegistration registration, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, ReviewerRegistration.MaxProfileBytes, cancellationToken).ConfigureAwait(false);
        return body is null
            ? RequestBody.TooLarge(ReviewerRegistration.MaxProfileBytes)
            : ProblemResults.Json(await registration.UpdateAsync(id, body, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary><c>GET /reviewers/{id}</c>: reads a reviewer.</summary>
internal static class GetReviewerEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string id, ReviewerRegistration registration, CancellationToken cancellationToken) =>
        ProblemResults.Json(await registration.GetAsync(id, cancellationToken).ConfigureAwait(false));
}

/// <summary><c>GET /reviewers/{id}/eligibility?case={caseNumber}</c>: every reason the reviewer is or is not eligible.</summary>
internal static class ReviewerEligibilityEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string id, ReviewerRegistration registration, CancellationToken cancellationToken) =>
        ProblemResults.Json(await registration.EligibilityAsync(id, request.Query["case"].ToString(), cancellationToken).ConfigureAwait(false));
}
