using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Reports;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// The auditor's timeliness report over a period (<see cref="TimelinessReport"/>): checks the query, reads the determined
/// cases a page at a time, and leaves the figures to the domain. Reads only.
/// </summary>
public sealed class TimelinessReports(ICaseIndex index)
{
    /// <summary>The query parameters the route reads.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["from", "to", "format"];

    /// <summary>
    /// The report for <paramref name="from"/>–<paramref name="to"/> (ISO dates, both required, both included), as JSON or,
    /// with <paramref name="format"/> <c>csv</c> (or none and <paramref name="acceptsCsv"/>), as CSV. Null means absent; an
    /// empty value, a bad date, a period ending before it starts, another format or an unknown parameter is a 400 naming it.
    /// </summary>
    public async Task<Outcome<ReportAnswer>> ReportAsync(
        string? from, string? to, string? format, bool acceptsCsv, IEnumerable<string>? parameterNames = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<ValidationProblem>();
        foreach (var name in parameterNames ?? [])
        {
            if (!Parameters.Contains(name))
            {
                problems.Add(new(name.Length <= 64 ? name : name[..64] + "…", $"Unknown query parameter; this route reads {string.Join(", ", Parameters)}."));
            }
        }

        var first = Date("from", from, problems);
        var last = Date("to", to, problems);
        if (first is not null && last is not null && last < first)
        {
            problems.Add(new("to", "The period ends before it starts; give a date on or after from."));
        }

        var csv = acceptsCsv;
        if (format is not null)
        {
            csv = format switch
            {
                "csv" => true,
                "json" => false,
                _ => Refuse(),
            };

            bool Refuse()
            {
                problems.Add(new("format", "Expected csv or json (or leave it out: JSON, or CSV with Accept: text/csv)."));
                return false;
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<ReportAnswer>.Invalid(problems);
        }

        var determined = new List<Case>();
        string? token = null;
        do
        {
            var page = await index.ListAsync(new CaseQuery { State = CaseState.Determined, PageSize = CaseQueries.MaxPageSize, ContinuationToken = token }, cancellationToken)
                .ConfigureAwait(false);
            determined.AddRange(page.Cases);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return Outcome<ReportAnswer>.Success(new ReportAnswer(TimelinessReport.Compute(determined, first!.Value, last!.Value), csv));
    }

    private static DateOnly? Date(string name, string? value, List<ValidationProblem> problems)
    {
        if (value is null)
        {
            problems.Add(new(name, "Required: the period's " + (name == "from" ? "first" : "last") + " day, e.g. 2026-03-01."));
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new(name, "Expected an ISO 8601 date, e.g. 2026-03-01."));
        return null;
    }
}

/// <summary>A computed report and whether the caller asked for it as CSV.</summary>
/// <param name="Report">The report.</param>
/// <param name="Csv">True for CSV, false for JSON.</param>
public sealed record ReportAnswer(TimelinessReport Report, bool Csv);
