using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Imr.Domain.Clock;

/// <summary>How a holiday that falls on a weekend is observed.</summary>
public enum WeekendObservance
{
    /// <summary>Never shifted (the rule always yields a weekday, e.g. "third Monday in January").</summary>
    None,

    /// <summary>Sunday moves to the following Monday; Saturday is not shifted (Gov. Code § 6701).</summary>
    SundayToMonday,

    /// <summary>Sunday moves to Monday and Saturday to the preceding Friday (Gov. Code § 6701, Veterans Day only).</summary>
    SundayToMondaySaturdayToFriday,
}

/// <summary>One holiday as a rule that yields its date for any year, with the law that makes it a holiday.</summary>
/// <param name="Name">The holiday's name, e.g. "Cesar Chavez Day".</param>
/// <param name="Citation">Where the law names it, e.g. "Gov. Code § 6700(a)(7); § 19853(a)".</param>
/// <param name="DateIn">The nominal date in a given year, before weekend observance.</param>
/// <param name="Observance">How a weekend date is observed.</param>
public sealed record HolidayRule(string Name, string Citation, Func<int, DateOnly> DateIn, WeekendObservance Observance)
{
    /// <summary>The day the holiday is observed in a year (after weekend observance).</summary>
    public DateOnly ObservedIn(int year)
    {
        var date = DateIn(year);
        return (Observance, date.DayOfWeek) switch
        {
            (not WeekendObservance.None, DayOfWeek.Sunday) => date.AddDays(1),
            (WeekendObservance.SundayToMondaySaturdayToFriday, DayOfWeek.Saturday) => date.AddDays(-1),
            _ => date,
        };
    }

    /// <summary>A fixed month and day, e.g. March 31.</summary>
    public static Func<int, DateOnly> Fixed(int month, int day) => year => new DateOnly(year, month, day);

    /// <summary>The nth weekday of a month, e.g. the third Monday in January.</summary>
    public static Func<int, DateOnly> Nth(int n, DayOfWeek weekday, int month) =>
        year => PacificTime.NthWeekday(year, month, weekday, n);

    /// <summary>The last weekday of a month, e.g. the last Monday in May.</summary>
    public static Func<int, DateOnly> Last(DayOfWeek weekday, int month) =>
        year => PacificTime.LastWeekday(year, month, weekday);
}

/// <summary>A named holiday on a date, for listings and tests.</summary>
/// <param name="Date">The observed date.</param>
/// <param name="Name">The holiday's name.</param>
/// <param name="Citation">The law that makes it a holiday.</param>
public sealed record Holiday(DateOnly Date, string Name, string Citation);

/// <summary>
/// Business days: every day except Saturday, Sunday and the holidays its rules compute for any year (nothing is listed
/// by year, so the calendar never runs out).
/// </summary>
public sealed class BusinessCalendar
{
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> _byYear = new();

    /// <summary>Creates a calendar from holiday rules.</summary>
    public BusinessCalendar(string name, IReadOnlyList<HolidayRule> rules)
    {
        Name = name;
        Rules = rules;
    }

    /// <summary>The calendar's name, e.g. "California state offices".</summary>
    public string Name { get; }

    /// <summary>The holiday rules.</summary>
    public IReadOnlyList<HolidayRule> Rules { get; }

    /// <summary>The observed holidays of a year, in date order.</summary>
    public IReadOnlyList<Holiday> HolidaysIn(int year) =>
        Rules.Select(r => new Holiday(r.ObservedIn(year), r.Name, r.Citation)).OrderBy(h => h.Date).ToList();

    /// <summary>Whether the date is an observed holiday.</summary>
    public bool IsHoliday(DateOnly date) =>
        _byYear.GetOrAdd(date.Year, static (year, rules) => rules.Select(r => r.ObservedIn(year)).ToFrozenSet(), Rules).Contains(date);

    /// <summary>Whether the date is a business day: a weekday that is not a holiday.</summary>
    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>The date itself when it is a business day, otherwise the next business day.</summary>
    public DateOnly OnOrNextBusinessDay(DateOnly date)
    {
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// How many business days fall after <paramref name="from"/> up to and including <paramref name="to"/> (the start day
    /// never counts, as in <see cref="AddBusinessDays"/>); 0 when <paramref name="to"/> is not after it.
    /// </summary>
    public int BusinessDaysAfter(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            count += IsBusinessDay(day) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Counts <paramref name="days"/> business days after <paramref name="start"/>: the day after the start is the first
    /// candidate (the start day itself never counts, as in 8 CCR § 9792.9.1(c)(1)).
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date))
            {
                days--;
            }
        }

        return date;
    }
}
