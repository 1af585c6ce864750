using System.Globalization;
using System.Text;

namespace Imr.Domain.Reports;

/// <summary>
/// The timeliness report as CSV (RFC 4180, CRLF lines), one figure a row: <c>figure,group,count,of,value</c>. A text field
/// that a spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
/// </summary>
public static class TimelinessReportCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "figure,group,count,of,value";

    /// <summary>Writes the report.</summary>
    public static string Write(TimelinessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append(Header).Append("\r\n");
        Row(csv, "period", $"{report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}", null, null, null);
        Row(csv, "determinations", "all", report.Determinations, null, null);
        Row(csv, "on time", "all", report.OnTime, report.OnTime + report.Late, Number(report.OnTimeShare));
        foreach (var p in report.ByPriority)
        {
            Row(csv, "on time", $"{p.Priority} ({p.DaysAllowed} days)", p.OnTime, p.OnTime + p.Late, Number(p.OnTimeShare));
        }

        Row(csv, "without a determination deadline", "all", report.WithoutDeadline, report.Determinations, null);
        var days = report.DaysToDetermination;
        Row(csv, "days to determination", "median", null, days.Counted, Number(days.Median));
        Row(csv, "days to determination", "90th percentile", null, days.Counted, days.Percentile90?.ToString(CultureInfo.InvariantCulture));
        foreach (var r in report.RecordsByClaimsAdministrator)
        {
            Row(csv, "records late", r.Name is null ? r.ClaimsAdministratorId : $"{r.Name} ({r.ClaimsAdministratorId})", r.RecordsLate, r.Cases, Number(r.LateShare));
        }

        foreach (var o in report.OverturnBySpecialty)
        {
            Row(csv, "overturned by specialty", o.Group, o.Overturned, o.Items, Number(o.Rate));
        }

        foreach (var a in report.Absent)
        {
            Row(csv, "absent", a.Figure, null, null, a.Reason);
        }

        return csv.ToString();
    }

    private static string? Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, string figure, string group, int? count, int? of, string? value)
    {
        csv.Append(Field(figure)).Append(',').Append(Field(group)).Append(',')
            .Append(count?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(of?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Field(value ?? "")).Append("\r\n");
    }

    /// <summary>One field, quoted when it holds a comma, a quote or a line break; a formula-like start is defused.</summary>
    public static string Field(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
