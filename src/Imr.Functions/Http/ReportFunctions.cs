using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>The report routes under <c>/api/reports</c>: staff and auditors.</summary>
public sealed class ReportFunctions(IServiceProvider services, ILogger<ReportFunctions> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary><c>GET /reports/timeliness?from=&amp;to=&amp;format=</c>.</summary>
    [Function("TimelinessReport")]
    public Task<IActionResult> TimelinessReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/timeliness")] HttpRequest request,
        CancellationToken cancellationToken) =>
        EasyAuthCaller.AnswerAsync(request, CallerRoles.OversightPolicy, app, _ => TimelinessReportEndpoint.HandleAsync(request, app.Get<TimelinessReports>(), cancellationToken), log);
}
