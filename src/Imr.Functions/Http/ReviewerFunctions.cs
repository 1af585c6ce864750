using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>The reviewer routes under <c>/api/reviewers</c>, and <c>/api/health</c>.</summary>
public sealed class ReviewerFunctions(IServiceProvider services, ILogger<ReviewerFunctions> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary><c>POST /reviewers</c>.</summary>
    [Function("CreateReviewer")]
    public Task<IActionResult> CreateReviewer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reviewers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => CreateReviewerEndpoint.HandleAsync(request, app.Get<ReviewerRegistration>(), cancellationToken), log);

    /// <summary><c>PUT /reviewers/{id}</c>.</summary>
    [Function("UpdateReviewer")]
    public Task<IActionResult> UpdateReviewer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "reviewers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => UpdateReviewerEndpoint.HandleAsync(request, id, app.Get<ReviewerRegistration>(), cancellationToken), log);

    /// <summary><c>GET /reviewers</c>.</summary>
    [Function("ListReviewers")]
    public Task<IActionResult> ListReviewers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviewers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => ListReviewersEndpoint.HandleAsync(app.Get<ReviewerRegistration>(), cancellationToken), log);

    /// <summary><c>GET /reviewers/{id}</c>.</summary>
    [Function("GetReviewer")]
    public Task<IActionResult> GetReviewer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviewers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => GetReviewerEndpoint.HandleAsync(id, app.Get<ReviewerRegistration>(), cancellationToken), log);

    /// <summary><c>GET /reviewers/{id}/eligibility?case=...</c>.</summary>
    [Function("ReviewerEligibility")]
    public Task<IActionResult> ReviewerEligibility(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviewers/{id}/eligibility")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => ReviewerEligibilityEndpoint.HandleAsync(request, id, app.Get<ReviewerRegistration>(), cancellationToken), log);

    /// <summary><c>GET /health</c>: 200 when storage and the durable engine (through this invocation's client) answer.</summary>
    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ActionResults.AnswerAsync(() => HealthEndpoint.HandleAsync(app.Get<SystemHealth>(), client, engineStarted: true, cancellationToken), log);
}
