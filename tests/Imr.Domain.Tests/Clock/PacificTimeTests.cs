using System.Globalization;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

public class PacificTimeTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-08T09:59:59Z", -8)] // 01:59:59 PST, just before daylight time starts.
    [InlineData("2026-03-08T10:00:00Z", -7)]
    [InlineData("2026-11-01T08:59:59Z", -7)] // 01:59:59 PDT, just before it ends.
    [InlineData("2026-11-01T09:00:00Z", -8)]
    [InlineData("2030-07-01T00:00:00Z", -7)]
    [InlineData("2030-01-15T00:00:00Z", -8)]
    public void Follows_the_federal_daylight_saving_rule(string instant, int hours)
    {
        PacificTime.OffsetAt(At(instant)).ShouldBe(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void Matches_the_host_time_zone_database_when_it_has_one()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById("America/Los_Angeles", out var zone))
        {
            return; // Nothing to compare against on this host.
        }

        for (var t = At("2024-01-01T00:00:00Z"); t < At("2032-01-01T00:00:00Z"); t = t.AddHours(7))
        {
            PacificTime.OffsetAt(t).ShouldBe(zone.GetUtcOffset(t), t.ToString("o", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void End_of_day_on_the_days_the_clocks_change()
    {
        PacificTime.EndOfDay(new DateOnly(2026, 3, 8)).ShouldBe(At("2026-03-09T06:59:59Z"));
        PacificTime.EndOfDay(new DateOnly(2026, 11, 1)).ShouldBe(At("2026-11-02T07:59:59Z"));
        PacificTime.DateOf(At("2026-11-02T07:59:59Z")).ShouldBe(new DateOnly(2026, 11, 1));
    }
}
