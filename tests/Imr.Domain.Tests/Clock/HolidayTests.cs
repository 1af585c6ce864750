using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

public class HolidayTests
{
    private static readonly BusinessCalendar Calendar = StatutoryPolicy.Current.Calendar;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<int, string[]> Years => new()
    {
        { 2025, ["2025-01-01", "2025-01-20", "2025-02-17", "2025-03-31", "2025-05-26", "2025-07-04", "2025-09-01", "2025-11-11", "2025-11-27", "2025-11-28", "2025-12-25"] },
        // July 4 on a Saturday is not moved to Friday (Gov. Code § 6701 moves only Sundays, and Veterans Day).
        { 2026, ["2026-01-01", "2026-01-19", "2026-02-16", "2026-03-31", "2026-05-25", "2026-07-04", "2026-09-07", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"] },
        // July 4 on a Sunday → Monday July 5; Christmas on a Saturday stays.
        { 2027, ["2027-01-01", "2027-01-18", "2027-02-15", "2027-03-31", "2027-05-31", "2027-07-05", "2027-09-06", "2027-11-11", "2027-11-25", "2027-11-26", "2027-12-25"] },
        // Veterans Day on a Saturday → Friday November 10; New Year's Day on a Saturday stays.
        { 2028, ["2028-01-01", "2028-01-17", "2028-02-21", "2028-03-31", "2028-05-29", "2028-07-04", "2028-09-04", "2028-11-10", "2028-11-23", "2028-11-24", "2028-12-25"] },
        // Cesar Chavez Day on a Sunday → Monday April 1.
        { 2030, ["2030-01-01", "2030-01-21", "2030-02-18", "2030-04-01", "2030-05-27", "2030-07-04", "2030-09-02", "2030-11-11", "2030-11-28", "2030-11-29", "2030-12-25"] },
    };

    [Theory]
    [MemberData(nameof(Years))]
    public void Computes_the_observed_holidays_of_any_year(int year, string[] expected)
    {
        Calendar.HolidaysIn(year).Select(h => h.Date).ShouldBe(expected.Select(D));
        foreach (var date in expected.Select(D))
        {
            Calendar.IsHoliday(date).ShouldBeTrue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("2026-06-19")] // Juneteenth: Gov. Code § 6700 lists it, but it is not on CalHR's list (LC § 4600.4(b)).
    [InlineData("2026-02-12")] // Lincoln Day: Gov. Code § 6700 lists it, but it is not on CalHR's list.
    [InlineData("2026-09-25")] // Native American Day (fourth Friday in September): in § 6700, not on CalHR's list.
    [InlineData("2026-10-12")] // Columbus Day: listed in § 6700, not a state-office holiday since 2009.
    [InlineData("2026-09-09")] // Admission Day.
    [InlineData("2027-07-02")] // Friday before a Sunday July 4: nothing moves backwards.
    [InlineData("2027-12-24")] // Friday before a Saturday Christmas: not observed.
    [InlineData("2027-12-31")] // Friday before a Saturday New Year's Day: not observed.
    [InlineData("2026-03-30")]
    public void Other_days_are_business_days(string iso)
    {
        Calendar.IsHoliday(D(iso)).ShouldBeFalse();
        Calendar.IsBusinessDay(D(iso)).ShouldBeTrue();
    }

    public static TheoryData<string, string> Year2026 => new()
    {
        { "2026-01-01", "New Year's Day" },
        { "2026-01-19", "Dr. Martin Luther King, Jr. Day" },
        { "2026-02-16", "Presidents' Day" },
        { "2026-03-31", "Cesar Chavez Day" },
        { "2026-05-25", "Memorial Day" },
        { "2026-07-04", "Independence Day" }, // a Saturday: not moved, so Fri 07-03 stays a business day
        { "2026-09-07", "Labor Day" },
        { "2026-11-11", "Veterans Day" },
        { "2026-11-26", "Thanksgiving Day" },
        { "2026-11-27", "Day after Thanksgiving" },
        { "2026-12-25", "Christmas Day" },
    };

    [Theory]
    [MemberData(nameof(Year2026))]
    public void LC_4600_4_b_each_CalHR_holiday_of_2026_is_not_a_business_day(string iso, string name)
    {
        var holiday = Calendar.HolidaysIn(2026).Where(h => h.Name == name).ShouldHaveSingleItem();

        holiday.Date.ShouldBe(D(iso));
        holiday.Citation.ShouldContain("LC § 4600.4(b)");
        Calendar.IsBusinessDay(D(iso)).ShouldBeFalse();
    }

    [Fact]
    public void LC_4600_4_b_a_Saturday_holiday_is_not_moved_and_a_Sunday_one_moves_to_Monday()
    {
        // 2026: Independence Day is a Saturday; Friday 07-03 is a business day, and so is Monday 07-06.
        Calendar.IsBusinessDay(D("2026-07-03")).ShouldBeTrue();
        Calendar.IsBusinessDay(D("2026-07-06")).ShouldBeTrue();
        // 2027: Independence Day is a Sunday, observed Monday 07-05.
        Calendar.IsBusinessDay(D("2027-07-05")).ShouldBeFalse();
        // 2028: Veterans Day is a Saturday, observed Friday 11-10 (Gov. Code § 6701).
        Calendar.IsBusinessDay(D("2028-11-10")).ShouldBeFalse();
        // 2030: Cesar Chavez Day is a Sunday, observed Monday 04-01.
        Calendar.IsBusinessDay(D("2030-04-01")).ShouldBeFalse();
    }

    [Fact]
    public void Every_holiday_cites_the_law()
    {
        Calendar.Rules.ShouldAllBe(r => r.Citation.Contains('§', StringComparison.Ordinal));
        Calendar.HolidaysIn(2026).Count.ShouldBe(11);
    }

    [Fact]
    public void Weekends_are_not_business_days()
    {
        Calendar.IsBusinessDay(D("2026-11-28")).ShouldBeFalse();
        Calendar.IsBusinessDay(D("2026-11-29")).ShouldBeFalse();
        Calendar.OnOrNextBusinessDay(D("2026-11-26")).ShouldBe(D("2026-11-30"));
        Calendar.OnOrNextBusinessDay(D("2026-11-30")).ShouldBe(D("2026-11-30"));
    }

    [Fact]
    public void Business_days_count_from_the_day_after()
    {
        Calendar.AddBusinessDays(D("2026-11-20"), 1).ShouldBe(D("2026-11-23"));
        Calendar.AddBusinessDays(D("2026-11-20"), 0).ShouldBe(D("2026-11-20"));
        Should.Throw<ArgumentOutOfRangeException>(() => Calendar.AddBusinessDays(D("2026-11-20"), -1));
    }
}
