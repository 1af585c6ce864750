using System.Security.Claims;
using Imr.Http;
using Imr.Local.Engine;
using Imr.Workflow.Application;
using Microsoft.DurableTask.Client;

namespace Imr.Local;

/// <summary>The HTTP API under <c>/api</c>, the same routes and bodies as the Functions app (both map the endpoints of Imr.Http).</summary>
internal static class ApiRoutes
{
    /// <summary>Maps every route; each but <c>/health</c> takes the roles of its <see cref="CallerRoles"/> policy.</summary>
    public static void MapImrApi(this WebApplication app, int apiPort)
    {
        var api = app.MapGroup("/api").RequireHost($"*:{apiPort}");

        api.MapGet("/health", (SystemHealth h, DurableTaskClient c, EngineReadiness e, CancellationToken ct) => HealthEndpoint.HandleAsync(h, c, e.TaskHubReady, ct));

        api.MapPost("/reviewers", (HttpRequest r, ReviewerRegistration s, CancellationToken ct) => CreateReviewerEndpoint.HandleAsync(r, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapPut("/reviewers/{id}", (HttpRequest r, string id, ReviewerRegistration s, CancellationToken ct) => UpdateReviewerEndpoint.HandleAsync(r, id, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapGet("/reviewers", (ReviewerRegistration s, CancellationToken ct) => ListReviewersEndpoint.HandleAsync(s, ct))
            .RequireAuthorization(CallerRoles.OversightPolicy);
        api.MapGet("/reviewers/{id}", (string id, ReviewerRegistration s, CancellationToken ct) => GetReviewerEndpoint.HandleAsync(id, s, ct))
            .RequireAuthorization(CallerRoles.OversightPolicy);
        api.MapGet("/reviewers/{id}/eligibility", (HttpRequest r, string id, ReviewerRegistration s, CancellationToken ct) => ReviewerEligibilityEndpoint.HandleAsync(r, id, s, ct))
            .RequireAuthorization(CallerRoles.OversightPolicy);

        api.MapPost("/cases", (HttpRequest r, CaseSubmission s, CancellationToken ct) => SubmitCaseEndpoint.HandleAsync(r, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapGet("/cases", (HttpRequest r, ClaimsPrincipal u, CaseQueries q, CancellationToken ct) => ListCasesEndpoint.HandleAsync(r, u, q, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);
        api.MapGet("/cases/{caseNumber}", (string caseNumber, ClaimsPrincipal u, CaseQueries q, CancellationToken ct) => GetCaseEndpoint.HandleAsync(caseNumber, u, q, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);
        api.MapPut("/cases/{caseNumber}/records/{fileName}", (HttpRequest r, string caseNumber, string fileName, RecordIntake s, CancellationToken ct) =>
            StoreRecordEndpoint.HandleAsync(r, caseNumber, fileName, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapGet("/cases/{caseNumber}/records", (string caseNumber, ClaimsPrincipal u, CaseRecords s, CancellationToken ct) => ListRecordsEndpoint.HandleAsync(caseNumber, u, s, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);
        api.MapGet("/cases/{caseNumber}/records/{fileName}", (HttpResponse r, string caseNumber, string fileName, ClaimsPrincipal u, CaseRecords s, CancellationToken ct) =>
            GetRecordEndpoint.HandleAsync(r, caseNumber, fileName, u, s, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);
        api.MapPost("/cases/{caseNumber}/records/complete", (string caseNumber, RecordIntake s, CancellationToken ct) => CompleteRecordsEndpoint.HandleAsync(caseNumber, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapPost("/cases/{caseNumber}/decision", (HttpRequest r, string caseNumber, ClaimsPrincipal u, DecisionSubmission s, CancellationToken ct) =>
            SubmitDecisionEndpoint.HandleAsync(r, caseNumber, u, s, ct))
            .RequireAuthorization(CallerRoles.DecisionPolicy);
        api.MapPost("/cases/{caseNumber}/information-requests", (HttpRequest r, string caseNumber, ClaimsPrincipal u, InformationRequestSubmission s, CancellationToken ct) =>
            RequestInformationEndpoint.HandleAsync(r, caseNumber, u, s, ct))
            .RequireAuthorization(CallerRoles.DecisionPolicy);
        api.MapPost("/cases/{caseNumber}/withdraw", (HttpRequest r, string caseNumber, CaseWithdrawal s, CancellationToken ct) =>
            WithdrawCaseEndpoint.HandleAsync(r, caseNumber, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapPost("/cases/{caseNumber}/expedite", (HttpRequest r, string caseNumber, ExpeditedConversion s, CancellationToken ct) =>
            ExpediteCaseEndpoint.HandleAsync(r, caseNumber, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapPost("/cases/{caseNumber}/conflict-statement", (HttpRequest r, string caseNumber, ClaimsPrincipal u, ConflictStatementSubmission s, CancellationToken ct) =>
            ConflictStatementEndpoint.HandleAsync(r, caseNumber, u, s, ct))
            .RequireAuthorization(CallerRoles.DecisionPolicy);
        api.MapPost("/cases/{caseNumber}/remand", (HttpRequest r, string caseNumber, RemandIntake s, CancellationToken ct) =>
            RemandCaseEndpoint.HandleAsync(r, caseNumber, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapPost("/cases/{caseNumber}/retry", (string caseNumber, CaseRepair s, CancellationToken ct) => RetryCaseEndpoint.HandleAsync(caseNumber, s, ct))
            .RequireAuthorization(CallerRoles.StaffPolicy);
        api.MapGet("/cases/{caseNumber}/determination", (HttpRequest r, string caseNumber, ClaimsPrincipal u, CaseQueries q, CancellationToken ct) =>
            DeterminationEndpoint.HandleAsync(r, caseNumber, u, q, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);
        api.MapGet("/cases/{caseNumber}/audit", (string caseNumber, ClaimsPrincipal u, CaseQueries q, CancellationToken ct) => AuditEndpoint.HandleAsync(caseNumber, u, q, ct))
            .RequireAuthorization(CallerRoles.CaseReadersPolicy);

        api.MapGet("/escalations", (HttpRequest r, DueEscalations s, CancellationToken ct) => EscalationsDueEndpoint.HandleAsync(r, s, ct))
            .RequireAuthorization(CallerRoles.OversightPolicy);

        api.MapGet("/reports/timeliness", (HttpRequest r, TimelinessReports s, CancellationToken ct) => TimelinessReportEndpoint.HandleAsync(r, s, ct))
            .RequireAuthorization(CallerRoles.OversightPolicy);

        // Anything else under /api is a plain 404 problem rather than an empty body.
        api.Map("/{**rest}", () => ProblemResults.Problem(StatusCodes.Status404NotFound, "No such route."));
    }
}
