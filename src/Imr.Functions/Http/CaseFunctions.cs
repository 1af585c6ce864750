using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>The case routes under <c>/api/cases</c>: each function maps its request to one shared endpoint.</summary>
public sealed class CaseFunctions(IServiceProvider services, ILogger<CaseFunctions> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary><c>POST /cases</c>.</summary>
    [Function("SubmitCase")]
    public Task<IActionResult> SubmitCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => SubmitCaseEndpoint.HandleAsync(request, app.With<CaseSubmission>(client), cancellationToken), log);

    /// <summary><c>GET /cases</c>.</summary>
    [Function("ListCases")]
    public Task<IActionResult> ListCases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => ListCasesEndpoint.HandleAsync(request, caller, app.Get<CaseQueries>(), cancellationToken), log);

    /// <summary><c>GET /cases/{caseNumber}</c>.</summary>
    [Function("GetCase")]
    public Task<IActionResult> GetCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseNumber}")] HttpRequest request,
        string caseNumber,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => GetCaseEndpoint.HandleAsync(caseNumber, caller, app.Get<CaseQueries>(), cancellationToken), log);

    /// <summary><c>PUT /cases/{caseNumber}/records/{fileName}</c>.</summary>
    [Function("StoreRecord")]
    public Task<IActionResult> StoreRecord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "cases/{caseNumber}/records/{fileName}")] HttpRequest request,
        string caseNumber,
        string fileName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => StoreRecordEndpoint.HandleAsync(request, caseNumber, fileName, app.With<RecordIntake>(client), cancellationToken), log);

    /// <summary><c>GET /cases/{caseNumber}/records</c>.</summary>
    [Function("ListRecords")]
    public Task<IActionResult> ListRecords(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseNumber}/records")] HttpRequest request,
        string caseNumber,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => ListRecordsEndpoint.HandleAsync(caseNumber, caller, app.Get<CaseRecords>(), cancellationToken), log);

    /// <summary><c>GET /cases/{caseNumber}/records/{fileName}</c>.</summary>
    [Function("GetRecord")]
    public Task<IActionResult> GetRecord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseNumber}/records/{fileName}")] HttpRequest request,
        string caseNumber,
        string fileName,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => GetRecordEndpoint.HandleAsync(request.HttpContext.Response, caseNumber, fileName, caller, app.Get<CaseRecords>(), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/records/complete</c>.</summary>
    [Function("CompleteRecords")]
    public Task<IActionResult> CompleteRecords(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/records/complete")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => CompleteRecordsEndpoint.HandleAsync(caseNumber, app.With<RecordIntake>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/decision</c>.</summary>
    [Function("SubmitDecision")]
    public Task<IActionResult> SubmitDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/decision")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.DecisionPolicy, app, caller => SubmitDecisionEndpoint.HandleAsync(request, caseNumber, caller, app.With<DecisionSubmission>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/information-requests</c>.</summary>
    [Function("RequestInformation")]
    public Task<IActionResult> RequestInformation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/information-requests")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.DecisionPolicy, app, caller => RequestInformationEndpoint.HandleAsync(request, caseNumber, caller, app.With<InformationRequestSubmission>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/withdraw</c>.</summary>
    [Function("WithdrawCase")]
    public Task<IActionResult> WithdrawCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/withdraw")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => WithdrawCaseEndpoint.HandleAsync(request, caseNumber, app.With<CaseWithdrawal>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/expedite</c>.</summary>
    [Function("ExpediteCase")]
    public Task<IActionResult> ExpediteCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/expedite")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => ExpediteCaseEndpoint.HandleAsync(request, caseNumber, app.With<ExpeditedConversion>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/conflict-statement</c>.</summary>
    [Function("ConflictStatement")]
    public Task<IActionResult> ConflictStatement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/conflict-statement")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.DecisionPolicy, app, caller => ConflictStatementEndpoint.HandleAsync(request, caseNumber, caller, app.With<ConflictStatementSubmission>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/remand</c>.</summary>
    [Function("RemandCase")]
    public Task<IActionResult> RemandCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/remand")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => RemandCaseEndpoint.HandleAsync(request, caseNumber, app.With<RemandIntake>(client), cancellationToken), log);

    /// <summary><c>POST /cases/{caseNumber}/retry</c>.</summary>
    [Function("RetryCase")]
    public Task<IActionResult> RetryCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseNumber}/retry")] HttpRequest request,
        string caseNumber,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.StaffPolicy, app, _ => RetryCaseEndpoint.HandleAsync(caseNumber, app.With<CaseRepair>(client), cancellationToken), log);

    /// <summary><c>GET /cases/{caseNumber}/determination</c>.</summary>
    [Function("GetDetermination")]
    public Task<IActionResult> GetDetermination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseNumber}/determination")] HttpRequest request,
        string caseNumber,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => DeterminationEndpoint.HandleAsync(request, caseNumber, caller, app.Get<CaseQueries>(), cancellationToken), log);

    /// <summary><c>GET /cases/{caseNumber}/audit</c>.</summary>
    [Function("GetAudit")]
    public Task<IActionResult> GetAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseNumber}/audit")] HttpRequest request,
        string caseNumber,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.CaseReadersPolicy, app, caller => AuditEndpoint.HandleAsync(caseNumber, caller, app.Get<CaseQueries>(), cancellationToken), log);
}
