using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;

namespace Imr.Domain.Reports;

/// <summary>
/// The auditor's timeliness report over the determinations of a period (by their decision date, both ends included): how
/// many were made on time against the determination deadline each case recorded (30 days from the records, 3 expedited:
/// LC § 4610.6(d)), days to determination, records not complete by their due date by claims administrator
/// (8 CCR § 9792.10.5(a)), and overturn rates. Computed from the case rows alone; no clinical text.
/// </summary>
public sealed record TimelinessReport
{
    /// <summary>The group a figure falls in when the case row does not say (a case determined without that datum).</summary>
    public const string NotRecorded = "(not recorded)";

    /// <summary>The first day of the period (California date).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last day of the period, included.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Determinations whose decision date falls in the period.</summary>
    public required int Determinations { get; init; }

    /// <summary>Decided on or before the determination deadline's date.</summary>
    public required int OnTime { get; init; }

    /// <summary>Decided after it.</summary>
    public required int Late { get; init; }

    /// <summary>Determined cases whose row holds no determination deadline (counted, never judged).</summary>
    public required int WithoutDeadline { get; init; }

    /// <summary><see cref="OnTime"/> over on time plus late, 0–1 rounded to 4 places; null when none was judged.</summary>
    public double? OnTimeShare { get; init; }

    /// <summary>The same, for standard and expedited reviews apart.</summary>
    public required IReadOnlyList<PriorityTimeliness> ByPriority { get; init; }

    /// <summary>Calendar days from the records' receipt to the decision date.</summary>
    public required DaysToDetermination DaysToDetermination { get; init; }

    /// <summary>Per claims administrator: cases, and those whose records were not complete by their due date.</summary>
    public required IReadOnlyList<RecordsByClaimsAdministrator> RecordsByClaimsAdministrator { get; init; }

    /// <summary>Per reviewer specialty: items decided and overturned (an item counts under each of its reviewer's specialties).</summary>
    public required IReadOnlyList<OverturnRate> OverturnBySpecialty { get; init; }

    /// <summary>Figures asked of the report that the stored data cannot give, each with why.</summary>
    public required IReadOnlyList<AbsentFigure> Absent { get; init; }

    /// <summary>Why the overturn rate by item category is absent.</summary>
    public static readonly AbsentFigure ItemCategoryAbsent = new(
        "Overturn rate by item category",
        "The case file (schema 1.0) describes each disputed item in free text only; no category (drug, imaging, therapy, ...) is received or stored, and none is guessed from the description.");

    /// <summary>Builds the report from case rows; rows not determined, or decided outside the period, are left out.</summary>
    public static TimelinessReport Compute(IEnumerable<Case> cases, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var determined = cases
            .Where(c => c.State == CaseState.Determined && c.Determination is { } d && d.DecisionDate >= from && d.DecisionDate <= to)
            .ToList();

        var judged = determined.Select(c => (Case: c, OnTime: IsOnTime(c))).ToList();
        var onTime = judged.Count(j => j.OnTime == true);
        var late = judged.Count(j => j.OnTime == false);

        var days = determined
            .Where(c => c.RecordsReceivedAt is not null)
            .Select(c => c.Determination!.DecisionDate.DayNumber - PacificTime.DateOf(c.RecordsReceivedAt!.Value).DayNumber)
            .Order()
            .ToList();

        return new TimelinessReport
        {
            From = from,
            To = to,
            Determinations = determined.Count,
            OnTime = onTime,
            Late = late,
            WithoutDeadline = judged.Count(j => j.OnTime is null),
            OnTimeShare = Share(onTime, onTime + late),
            ByPriority = Enum.GetValues<Priority>().Select(p =>
            {
                var these = judged.Where(j => j.Case.Priority == p).ToList();
                var early = these.Count(j => j.OnTime == true);
                return new PriorityTimeliness(p, p == Priority.Expedited ? 3 : 30, these.Count, early, these.Count(j => j.OnTime == false), Share(early, these.Count(j => j.OnTime is not null)));
            }).ToList(),
            DaysToDetermination = new DaysToDetermination(days.Count, determined.Count - days.Count, Median(days), Percentile(days, 90)),
            RecordsByClaimsAdministrator = determined
                .GroupBy(c => c.Determination!.ClaimsAdministratorId ?? NotRecorded, StringComparer.Ordinal)
                .Select(g =>
                {
                    var lateRecords = g.Count(c => RecordsLate(c) == true);
                    var known = g.Count(c => RecordsLate(c) is not null);
                    return new RecordsByClaimsAdministrator(g.Key, g.Select(c => c.Determination!.ClaimsAdministratorName).FirstOrDefault(n => n is not null), g.Count(), lateRecords, Share(lateRecords, known));
                })
                .OrderByDescending(r => r.RecordsLate).ThenBy(r => r.ClaimsAdministratorId, StringComparer.Ordinal)
                .ToList(),
            OverturnBySpecialty = determined
                .SelectMany(c => (c.Determination!.ReviewerSpecialties.Count == 0 ? [NotRecorded] : c.Determination.ReviewerSpecialties)
                    .Distinct(StringComparer.Ordinal)
                    .SelectMany(s => c.Determination.Items.Select(i => (Specialty: s, i.Decision))))
                .GroupBy(x => x.Specialty, StringComparer.Ordinal)
                .Select(g =>
                {
                    var overturned = g.Count(x => x.Decision == Decision.Overturned);
                    return new OverturnRate(g.Key, g.Count(), overturned, Share(overturned, g.Count()));
                })
                .OrderBy(r => r.Group, StringComparer.Ordinal)
                .ToList(),
            Absent = [ItemCategoryAbsent],
        };
    }

    /// <summary>
    /// Whether the decision date is on or before the date of the deadline the case recorded (LC § 4610.6(d): 30 days from the
    /// records, 3 expedited; the clock computed it when the review started); null when the row holds no deadline.
    /// </summary>
    public static bool? IsOnTime(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Determination is { } d && @case.Deadlines.DeterminationDue is { } due ? d.DecisionDate <= PacificTime.DateOf(due) : null;
    }

    /// <summary>
    /// Whether the records were not complete by their due date (8 CCR § 9792.10.5(a)): the review then starts at the due date
    /// itself, so the row's records-received instant is at or after it. Null when the row holds either instant not.
    /// </summary>
    public static bool? RecordsLate(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.RecordsReceivedAt is { } received && @case.Deadlines.RecordsDue is { } due ? received >= due : null;
    }

    /// <summary>The median of sorted values (the mean of the two middle ones for an even count); null for none.</summary>
    public static double? Median(IReadOnlyList<int> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>The nearest-rank percentile of sorted values: the smallest value with at least that share at or below it; null for none.</summary>
    public static int? Percentile(IReadOnlyList<int> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>Timeliness of one priority's determinations.</summary>
/// <param name="Priority">Standard or Expedited.</param>
/// <param name="DaysAllowed">The statute's days from the records: 30, or 3 expedited (LC § 4610.6(d)).</param>
/// <param name="Determinations">Determinations of that priority in the period.</param>
/// <param name="OnTime">Decided by the deadline.</param>
/// <param name="Late">Decided after it.</param>
/// <param name="OnTimeShare">On time over those judged, 0–1; null when none was.</param>
public sealed record PriorityTimeliness(Priority Priority, int DaysAllowed, int Determinations, int OnTime, int Late, double? OnTimeShare);

/// <summary>Calendar days from the records' receipt (or their due date passing) to the decision date.</summary>
/// <param name="Counted">Determinations whose row holds the records' receipt.</param>
/// <param name="NotCounted">Determinations whose row does not.</param>
/// <param name="Median">The median; null when none was counted.</param>
/// <param name="Percentile90">The 90th percentile by nearest rank; null when none was counted.</param>
public sealed record DaysToDetermination(int Counted, int NotCounted, double? Median, int? Percentile90);

/// <summary>One claims administrator's records timeliness over the period's determinations.</summary>
/// <param name="ClaimsAdministratorId">The party id from the case file, or <see cref="TimelinessReport.NotRecorded"/>.</param>
/// <param name="Name">The administrator's name, when recorded.</param>
/// <param name="Cases">Determinations of its cases.</param>
/// <param name="RecordsLate">Of those, cases whose records were not complete by their due date.</param>
/// <param name="LateShare">Late over those whose row tells, 0–1; null when none does.</param>
public sealed record RecordsByClaimsAdministrator(string ClaimsAdministratorId, string? Name, int Cases, int RecordsLate, double? LateShare);

/// <summary>Items decided and overturned in one group.</summary>
/// <param name="Group">The group, e.g. a reviewer specialty.</param>
/// <param name="Items">Disputed items decided.</param>
/// <param name="Overturned">Of those, overturned.</param>
/// <param name="Rate">Overturned over items, 0–1; null when there were none.</param>
public sealed record OverturnRate(string Group, int Items, int Overturned, double? Rate);

/// <summary>A figure the report cannot give, and why.</summary>
/// <param name="Figure">The figure.</param>
/// <param name="Reason">Why the stored data cannot give it.</param>
public sealed record AbsentFigure(string Figure, string Reason);
