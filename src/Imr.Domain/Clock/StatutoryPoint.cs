using Imr.Domain.Cases;

namespace Imr.Domain.Clock;

/// <summary>How a statutory period is counted, and so the unit its time left is said in.</summary>
public enum PeriodCount
{
    /// <summary>Calendar days (CCP § 12): every day counts.</summary>
    CalendarDays,

    /// <summary>Business (working) days: weekends and California state holidays do not count.</summary>
    BusinessDays,

    /// <summary>Hours from the starting event (expedited records, 8 CCR § 9792.10.5(a)(1)).</summary>
    Hours,
}

/// <summary>
/// The statutory point a case waits on next: what falls due, when, how its period is counted, and the rule that sets it.
/// </summary>
/// <param name="Name">What falls due, in words ("Records due").</param>
/// <param name="Due">The instant it falls due.</param>
/// <param name="CountedIn">How the period is counted, which is also the unit of <see cref="Left"/>.</param>
/// <param name="Citation">The statute or regulation that sets the period.</param>
public sealed record StatutoryPoint(string Name, DateTimeOffset Due, PeriodCount CountedIn, string Citation)
{
    /// <summary>
    /// The point a case waits on now: the records while they are awaited (calendar days, or hours when expedited, 8 CCR §
    /// 9792.10.5(a)(1)), the determination under review (calendar days, LC § 4610.6(d)), and once determined the earliest
    /// authorization of an overturned item still ahead (working days, 8 CCR § 9792.10.7(a)(2)); null when none runs.
    /// </summary>
    public static StatutoryPoint? Next(Case @case, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.State switch
        {
            CaseState.AwaitingRecords when @case.Deadlines.RecordsDue is { } records => new StatutoryPoint(
                "Records due",
                records,
                @case.Priority == Priority.Expedited ? PeriodCount.Hours : PeriodCount.CalendarDays,
                "8 CCR § 9792.10.5(a)(1)"),
            CaseState.UnderReview when @case.Deadlines.DeterminationDue is { } determination =>
                new StatutoryPoint("Determination due", determination, PeriodCount.CalendarDays, "LC § 4610.6(d)"),
            CaseState.Determined when @case.Determination?.Items
                    .Where(i => i.AuthorizationDue is { } day && day >= PacificTime.DateOf(now))
                    .Select(i => i.AuthorizationDue!.Value)
                    .Order()
                    .FirstOrDefault() is { } authorization && authorization != default =>
                new StatutoryPoint("Authorization due", PacificTime.EndOfDay(authorization), PeriodCount.BusinessDays, "8 CCR § 9792.10.7(a)(2)"),
            _ => null,
        };
    }

    /// <summary>
    /// The time left at <paramref name="now"/> in the unit of <see cref="CountedIn"/>, negative once overdue: calendar or
    /// business days from today to the due day, California time (0 when due today; a business-day count skips weekends and
    /// the <paramref name="calendar"/>'s holidays, today never counted), or whole hours (rounded up) for an hour-counted one.
    /// </summary>
    public int Left(DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (CountedIn == PeriodCount.Hours)
        {
            return (int)Math.Ceiling((Due - now).TotalHours);
        }

        var today = PacificTime.DateOf(now);
        var dueDay = PacificTime.DateOf(Due);
        if (CountedIn == PeriodCount.CalendarDays)
        {
            return dueDay.DayNumber - today.DayNumber;
        }

        return dueDay >= today ? calendar.BusinessDaysAfter(today, dueDay) : -calendar.BusinessDaysAfter(dueDay, today);
    }
}
