namespace Imr.Domain.Clock;

/// <summary>
/// California local time computed from the federal daylight-saving rule, so deadlines do not depend on the host's
/// time-zone database (orchestrator replays must compute the same instant on every machine).
/// </summary>
/// <remarks>
/// Pacific Standard Time is UTC−8; daylight time (UTC−7) runs from 02:00 local on the second Sunday of March to
/// 02:00 local on the first Sunday of November (15 U.S.C. § 260a, as amended in 2005, in force since 2007).
/// </remarks>
public static class PacificTime
{
    private static readonly TimeSpan Standard = TimeSpan.FromHours(-8);
    private static readonly TimeSpan Daylight = TimeSpan.FromHours(-7);

    /// <summary>The UTC offset in California at an instant.</summary>
    public static TimeSpan OffsetAt(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var year = utc.Year;
        // Daylight time starts at 02:00 PST (10:00 UTC) and ends at 02:00 PDT (09:00 UTC).
        var start = NthWeekday(year, 3, DayOfWeek.Sunday, 2).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        var end = NthWeekday(year, 11, DayOfWeek.Sunday, 1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        return utc >= start && utc < end ? Daylight : Standard;
    }

    /// <summary>The instant expressed in California local time.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(OffsetAt(instant));

    /// <summary>The California calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The last second (23:59:59 local) of a California calendar day, as a UTC instant.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        // Offsets only change at 02:00 local, so the offset at noon is the offset at 23:59:59.
        var noonGuess = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), Standard);
        var offset = OffsetAt(noonGuess);
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), offset).ToUniversalTime();
    }

    /// <summary>The <paramref name="n"/>th given weekday of a month (n = 1..5).</summary>
    internal static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var shift = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(shift + (7 * (n - 1)));
    }

    /// <summary>The last given weekday of a month.</summary>
    internal static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var shift = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-shift);
    }
}
