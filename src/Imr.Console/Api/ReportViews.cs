namespace Imr.Console.Api;

/// <summary>The timeliness report as <c>GET /api/reports/timeliness</c> returns it (docs/api.md).</summary>
internal sealed record TimelinessReportView(
    string From,
    string To,
    int Determinations,
    int OnTime,
    int Late,
    int WithoutDeadline,
    double? OnTimeShare,
    IReadOnlyList<PriorityTimelinessView> ByPriority,
    DaysToDeterminationView DaysToDetermination,
    IReadOnlyList<RecordsLateView> RecordsByClaimsAdministrator,
    IReadOnlyList<OverturnRateView> OverturnBySpecialty,
    IReadOnlyList<AbsentFigureView> Absent);

/// <summary>Timeliness of one priority (LC 4610.6(d): 30 days, 3 expedited).</summary>
internal sealed record PriorityTimelinessView(string Priority, int DaysAllowed, int Determinations, int OnTime, int Late, double? OnTimeShare);

/// <summary>Calendar days from the records to the decision.</summary>
internal sealed record DaysToDeterminationView(int Counted, int NotCounted, double? Median, int? Percentile90);

/// <summary>One claims administrator's cases and those whose records were late.</summary>
internal sealed record RecordsLateView(string ClaimsAdministratorId, string? Name, int Cases, int RecordsLate, double? LateShare);

/// <summary>Items decided and overturned in one group.</summary>
internal sealed record OverturnRateView(string Group, int Items, int Overturned, double? Rate);

/// <summary>A figure the stored data cannot give, and why.</summary>
internal sealed record AbsentFigureView(string Figure, string Reason);

/// <summary>One bar of a chart: its label, its share (0–1) and the text shown beside it.</summary>
public sealed record Bar(string Label, double Share, string Text);
