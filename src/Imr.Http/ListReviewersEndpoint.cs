using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /reviewers</c>: every reviewer in the registry, and the ids of profiles that cannot be read.</summary>
public static class ListReviewersEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(ReviewerRegistration registration, CancellationToken cancellationToken) =>
        ProblemResults.Json(await registration.ListAsync(cancellationToken).ConfigureAwait(false));
}
