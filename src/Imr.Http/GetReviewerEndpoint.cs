using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /reviewers/{id}</c>: reads a reviewer.</summary>
public static class GetReviewerEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(string id, ReviewerRegistration registration, CancellationToken cancellationToken) =>
        ProblemResults.Json(await registration.GetAsync(id, cancellationToken).ConfigureAwait(false));
}
