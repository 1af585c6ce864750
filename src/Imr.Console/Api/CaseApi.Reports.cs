using System.Globalization;

namespace Imr.Console.Api;

/// <summary>The report routes (<c>/api/reports</c>).</summary>
internal sealed partial class CaseApi
{
    /// <summary>The timeliness report's route for a period, as the CSV download and the JSON fetch use it.</summary>
    public static string TimelinessRoute(DateOnly from, DateOnly to) =>
        string.Create(CultureInfo.InvariantCulture, $"reports/timeliness?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

    /// <summary>The timeliness report for a period, both days included.</summary>
    public Task<ApiAnswer<TimelinessReportView>> TimelinessAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        GetAsync<TimelinessReportView>(TimelinessRoute(from, to), cancellationToken);
}
