using Imr.Http;
using Imr.Storage;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Imr.Functions.Http;

/// <summary>The reviewer routes under <c>/api/reviewers</c>, and <c>/api/health</c>.</summary>
public sealed class ReviewerFunctions(IServiceProvider services)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary><c>POST /reviewers</c>.</summary>
    [Function("CreateReviewer")]
    public Task<IActionResult> CreateReviewer(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reviewers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CreateReviewerEndpoint.HandleAsync(request, app.Get<ReviewerRegistration>(), cancellationToken).AsAction();

    /// <summary><c>PUT /reviewers/{id}</c>.</summary>
    [Function("UpdateReviewer")]
    public Task<IActionResult> UpdateReviewer(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "reviewers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        UpdateReviewerEndpoint.HandleAsync(request, id, app.Get<ReviewerRegistration>(), cancellationToken).AsAction();

    /// <summary><c>GET /reviewers/{id}</c>.</summary>
    [Function("GetReviewer")]
    public Task<IActionResult> GetReviewer(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reviewers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        GetReviewerEndpoint.HandleAsync(id, app.Get<ReviewerRegistration>(), cancellationToken).AsAction();

    /// <summary><c>GET /reviewers/{id}/eligibility?case=...</c>.</summary>
    [Function("ReviewerEligibility")]
    public Task<IActionResult> ReviewerEligibility(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reviewers/{id}/eligibility")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ReviewerEligibilityEndpoint.HandleAsync(request, id, app.Get<ReviewerRegistration>(), cancellationToken).AsAction();

    /// <summary><c>GET /health</c>: 200 once the storage containers exist (the Functions host itself owns the durable engine).</summary>
    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var storage = app.Get<StorageClients>();
        try
        {
            var ready = await storage.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).ExistsAsync(cancellationToken).ConfigureAwait(false);
            return new EndpointResult(ready
                ? Results.Json(new { status = "ready" }, ApplicationJson.Options)
                : ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not ready.", [new ProblemError("storage", "The storage containers do not exist yet.")]));
        }
        catch (Azure.RequestFailedException ex)
        {
            return new EndpointResult(ProblemResults.Problem(
                StatusCodes.Status503ServiceUnavailable, "Not ready.", [new ProblemError("storage", $"Storage answered {ex.Status}.")]));
        }
    }
}
