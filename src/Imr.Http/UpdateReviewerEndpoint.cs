using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>PUT /reviewers/{id}</c>: replaces a reviewer's profile; 200 with the reviewer.</summary>
public static class UpdateReviewerEndpoint
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
