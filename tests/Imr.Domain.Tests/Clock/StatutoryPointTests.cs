using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Domain.Tests.Clock;

/// <summary>
/// The point a case waits on next and the time left to it, in the unit its period is counted in: calendar days for the
/// records and the determination (8 CCR § 9792.10.5(a)(1), LC § 4610.6(d)), hours for expedited records, working days for
/// an overturned item's authorization (8 CCR § 9792.10.7(a)(2)).
/// </summary>
public class StatutoryPointTests
{
    private static readonly BusinessCalendar California = StatutoryPolicy.CaliforniaStateHolidays;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // 10:00 in Los Angeles on the given day.
    private static DateTimeOffset Morning(string iso) => PacificTime.EndOfDay(D(iso)).AddHours(-14);

    private static Case Determined(params DateOnly?[] authorizationDue) => new()
    {
        CaseNumber = CaseNumber.Parse("CM26-0000001"),
        State = CaseState.Determined,
        Determination = new DeterminationSummary
        {
            Items = authorizationDue.Select(d => new DeterminedItem { Description = "item", Decision = d is null ? Decision.Upheld : Decision.Overturned, AuthorizationDue = d }).ToList(),
        },
    };

    [Theory]
    [InlineData("2026-11-25", "2026-12-01", 2)] // Wednesday to Tuesday: Thanksgiving and the day after, then the weekend
    [InlineData("2026-03-27", "2026-04-01", 2)] // Friday to Wednesday over Cesar Chavez Day (Tuesday 31 March)
    [InlineData("2026-03-02", "2026-03-02", 0)] // due today
    public void Section_9792_10_7_a_2_authorization_is_counted_in_working_days(string today, string due, int left)
    {
        var point = StatutoryPoint.Next(Determined(null, D(due)), Morning(today))!;
        point.CountedIn.ShouldBe(PeriodCount.BusinessDays);
        point.Name.ShouldBe("Authorization due");
        point.Left(Morning(today), California).ShouldBe(left);
    }

    [Fact]
    public void An_overdue_business_day_point_counts_the_business_days_since_as_negative()
    {
        // Due Thursday 5 March 2026, seen on Monday the 9th: Friday and Monday have passed.
        new StatutoryPoint("Authorization due", PacificTime.EndOfDay(D("2026-03-05")), PeriodCount.BusinessDays, "8 CCR § 9792.10.7(a)(2)")
            .Left(Morning("2026-03-09"), California).ShouldBe(-2);
    }

    [Fact]
    public void The_records_and_the_determination_are_counted_in_calendar_days_expedited_records_in_hours()
    {
        var now = Morning("2026-11-25");
        var standard = new Case
        {
            CaseNumber = CaseNumber.Parse("CM26-0000001"),
            State = CaseState.AwaitingRecords,
            Deadlines = new CaseDeadlines { RecordsDue = PacificTime.EndOfDay(D("2026-12-01")) },
        };
        var records = StatutoryPoint.Next(standard, now)!;
        records.CountedIn.ShouldBe(PeriodCount.CalendarDays);
        records.Left(now, California).ShouldBe(6);

        var expedited = standard with { Priority = Priority.Expedited, Deadlines = new CaseDeadlines { RecordsDue = now.AddHours(20.5) } };
        var hours = StatutoryPoint.Next(expedited, now)!;
        hours.CountedIn.ShouldBe(PeriodCount.Hours);
        hours.Left(now, California).ShouldBe(21);

        var review = standard with { State = CaseState.UnderReview, Deadlines = new CaseDeadlines { DeterminationDue = PacificTime.EndOfDay(D("2026-12-25")) } };
        StatutoryPoint.Next(review, now)!.Left(now, California).ShouldBe(30);
    }

    [Fact]
    public void A_determination_with_no_overturned_item_or_only_past_authorizations_waits_on_nothing()
    {
        StatutoryPoint.Next(Determined(null, null), Morning("2026-03-02")).ShouldBeNull();
        StatutoryPoint.Next(Determined(D("2026-02-27")), Morning("2026-03-02")).ShouldBeNull();
    }
}
