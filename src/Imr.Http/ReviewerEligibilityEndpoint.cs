using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /reviewers/{id}/eligibility?case={caseNumber}</c>: every reason the reviewer is or is not eligible.</summary>
public static class ReviewerEligibilityEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string id, ReviewerRegistration registration, CancellationToken cancellationToken) =>
        ProblemResults.Json(await registration.EligibilityAsync(id, request.Query["case"].ToString(), cancellationToken).ConfigureAwait(false));
}
