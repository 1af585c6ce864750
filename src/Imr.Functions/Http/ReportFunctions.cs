using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>The report routes under <c>/api/reports</c> and the escalations due: staff and auditors.</summary>
public sealed class ReportFunctions(IServiceProvider services, ILogger<ReportFunctions> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary><c>GET /reports/timeliness?from=&amp;to=&amp;format=</c>.</summary>
    [Function("TimelinessReport")]
    public Task<IActionResult> TimelinessReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/timeliness")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => TimelinessReportEndpoint.HandleAsync(request, app.Get<TimelinessReports>(), cancellationToken), log);

    /// <summary><c>GET /escalations?due=today</c>.</summary>
    [Function("EscalationsDue")]
    public Task<IActionResult> EscalationsDue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "escalations")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => EscalationsDueEndpoint.HandleAsync(request, app.Get<DueEscalations>(), cancellationToken), log);
}
