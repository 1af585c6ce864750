using Imr.Http;
using Imr.Local.Engine;
using Imr.Workflow.Application;
using Microsoft.DurableTask.Client;

namespace Imr.Local;

/// <summary>The HTTP API under <c>/api</c>, the same routes and bodies as the Functions app (both map the endpoints of Imr.Http).</summary>
internal static class ApiRoutes
{
    /// <summary>Maps every route.</summary>
    public static void MapImrApi(this WebApplication app, int apiPort)
    {
        var api = app.MapGroup("/api").RequireHost($"*:{apiPort}");

        api.MapGet("/health", (SystemHealth h, DurableTaskClient c, EngineReadiness e, CancellationToken ct) => HealthEndpoint.HandleAsync(h, c, e.TaskHubReady, ct));

        api.MapPost("/reviewers", (HttpRequest r, ReviewerRegistration s, CancellationToken ct) => CreateReviewerEndpoint.HandleAsync(r, s, ct));
        api.MapPut("/reviewers/{id}", (HttpRequest r, string id, ReviewerRegistration s, CancellationToken ct) => UpdateReviewerEndpoint.HandleAsync(r, id, s, ct));
        api.MapGet("/reviewers/{id}", (string id, ReviewerRegistration s, CancellationToken ct) => GetReviewerEndpoint.HandleAsync(id, s, ct));
        api.MapGet("/reviewers/{id}/eligibility", (HttpRequest r, string id, ReviewerRegistration s, CancellationToken ct) => ReviewerEligibilityEndpoint.HandleAsync(r, id, s, ct));

        api.MapPost("/cases", (HttpRequest r, CaseSubmission s, CancellationToken ct) => SubmitCaseEndpoint.HandleAsync(r, s, ct));
        api.MapGet("/cases", (HttpRequest r, CaseQueries q, CancellationToken ct) => ListCasesEndpoint.HandleAsync(r, q, ct));
        api.MapGet("/cases/{caseNumber}", (string caseNumber, CaseQueries q, CancellationToken ct) => GetCaseEndpoint.HandleAsync(caseNumber, q, ct));
        api.MapPut("/cases/{caseNumber}/records/{fileName}", (HttpRequest r, string caseNumber, string fileName, RecordIntake s, CancellationToken ct) =>
            StoreRecordEndpoint.HandleAsync(r, caseNumber, fileName, s, ct));
        api.MapPost("/cases/{caseNumber}/records/complete", (string caseNumber, RecordIntake s, CancellationToken ct) => CompleteRecordsEndpoint.HandleAsync(caseNumber, s, ct));
        api.MapPost("/cases/{caseNumber}/decision", (HttpRequest r, string caseNumber, DecisionSubmission s, CancellationToken ct) =>
            SubmitDecisionEndpoint.HandleAsync(r, caseNumber, s, ct));
        api.MapPost("/cases/{caseNumber}/withdraw", (HttpRequest r, string caseNumber, CaseWithdrawal s, CancellationToken ct) =>
            WithdrawCaseEndpoint.HandleAsync(r, caseNumber, s, ct));
        api.MapPost("/cases/{caseNumber}/retry", (string caseNumber, CaseRepair s, CancellationToken ct) => RetryCaseEndpoint.HandleAsync(caseNumber, s, ct));
        api.MapGet("/cases/{caseNumber}/determination", (HttpRequest r, string caseNumber, CaseQueries q, CancellationToken ct) =>
            DeterminationEndpoint.HandleAsync(r, caseNumber, q, ct));
        api.MapGet("/cases/{caseNumber}/audit", (string caseNumber, CaseQueries q, CancellationToken ct) => AuditEndpoint.HandleAsync(caseNumber, q, ct));

        // Anything else under /api is a plain 404 problem rather than an empty body.
        api.Map("/{**rest}", () => ProblemResults.Problem(StatusCodes.Status404NotFound, "No such route."));
    }
}
