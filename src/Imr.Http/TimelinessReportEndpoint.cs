using Imr.Domain.Reports;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /reports/timeliness?from=&amp;to=&amp;format=</c>: the auditor's timeliness report, JSON or CSV.</summary>
public static class TimelinessReportEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, TimelinessReports reports, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var acceptsCsv = request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        var outcome = await reports.ReportAsync(
            Value("from"), Value("to"), Value("format"), acceptsCsv, query.Keys.Where(k => k != ListCasesEndpoint.FunctionKeyParameter), cancellationToken)
            .ConfigureAwait(false);
        return ProblemResults.From(outcome, answer => answer.Csv
            ? Results.Text(TimelinessReportCsv.Write(answer.Report), "text/csv; charset=utf-8")
            : Results.Json(answer.Report, ApplicationJson.Options));

        string? Value(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
    }
}
