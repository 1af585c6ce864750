using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

public class StatutoryClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void The_policy_is_versioned_and_cites_its_sources()
    {
        var policy = StatutoryPolicy.Current;
        policy.Version.ShouldBe("2026.1");
        policy.Sources.ShouldContain(s => s.Contains("4610.5"));
        policy.Sources.ShouldContain(s => s.Contains("4610.6"));
        policy.Sources.ShouldContain(s => s.Contains("9792.10.1"));
        (policy.RecordsDueDays, policy.RecordsDueDaysElectronicNotice, policy.DeterminationDueDays, policy.ExpeditedDeterminationDueDays)
            .ShouldBe((15, 12, 30, 3));
        policy.ExpeditedRecordsDue.ShouldBe(TimeSpan.FromHours(24));
        policy.AuthorizationWorkingDays.ShouldBe(5);
    }

    [Fact]
    public void Mailed_notice_gives_fifteen_days_ending_at_midnight_california_time()
    {
        // Notice Mon 2026-03-02 10:00 PST; day 15 is Tue 03-17, in daylight time.
        Clock.RecordsDue(Priority.Standard, At("2026-03-02T18:00:00Z"), noticeWasElectronic: false)
            .ShouldBe(At("2026-03-18T06:59:59Z"));
    }

    [Fact]
    public void Electronic_notice_gives_twelve_days_and_a_saturday_moves_to_monday()
    {
        // Day 12 is Sat 03-14 → Mon 03-16.
        Clock.RecordsDue(Priority.Standard, At("2026-03-02T18:00:00Z"), noticeWasElectronic: true)
            .ShouldBe(At("2026-03-17T06:59:59Z"));
    }

    [Fact]
    public void Records_due_on_thanksgiving_move_past_the_holiday_weekend()
    {
        // Notice Wed 2026-11-11; day 15 is Thanksgiving → Fri (holiday) → Mon 11-30.
        Clock.RecordsDue(Priority.Standard, At("2026-11-11T17:00:00Z"), noticeWasElectronic: false)
            .ShouldBe(At("2026-12-01T07:59:59Z"));
    }

    [Fact]
    public void Records_due_on_new_years_day_move_into_the_next_year()
    {
        // Notice Thu 2026-12-17; day 15 is Fri 2027-01-01 → Mon 2027-01-04.
        Clock.RecordsDue(Priority.Standard, At("2026-12-17T17:00:00Z"), noticeWasElectronic: false)
            .ShouldBe(At("2027-01-05T07:59:59Z"));
    }

    [Fact]
    public void Expedited_records_are_due_24_hours_later_even_on_christmas()
    {
        Clock.RecordsDue(Priority.Expedited, At("2026-12-24T20:00:00Z"), noticeWasElectronic: true)
            .ShouldBe(At("2026-12-25T20:00:00Z"));
    }

    [Fact]
    public void The_determination_is_due_30_days_after_records_and_does_not_roll()
    {
        Clock.DeterminationDue(Priority.Standard, At("2026-11-30T17:00:00Z")).ShouldBe(At("2026-12-31T07:59:59Z"));
        // Day 30 is New Year's Day: our own deadline stays on it.
        Clock.DeterminationDue(Priority.Standard, At("2026-12-02T17:00:00Z")).ShouldBe(At("2027-01-02T07:59:59Z"));
    }

    [Fact]
    public void Records_received_late_in_the_evening_count_from_the_california_date()
    {
        // 2026-03-03T05:00Z is 21:00 on 03-02 in California; day 30 is 04-01, in daylight time.
        Clock.DeterminationDue(Priority.Standard, At("2026-03-03T05:00:00Z")).ShouldBe(At("2026-04-02T06:59:59Z"));
    }

    [Fact]
    public void Expedited_determination_is_due_three_days_after_records_even_over_a_weekend()
    {
        // Received Wed 2026-12-23; day 3 is Sat 12-26 and stays.
        Clock.DeterminationDue(Priority.Expedited, At("2026-12-23T18:00:00Z")).ShouldBe(At("2026-12-27T07:59:59Z"));
    }

    [Fact]
    public void Compute_fills_the_deadlines_with_reminder_and_escalation_points()
    {
        var deadlines = Clock.Compute(Priority.Standard, At("2026-03-02T18:00:00Z"), noticeWasElectronic: false, recordsReceived: null);

        deadlines.PolicyVersion.ShouldBe("2026.1");
        deadlines.RecordsDue.ShouldBe(At("2026-03-18T06:59:59Z"));
        // Interval 15 d 12:59:59 = 1,342,799 s; 50% → 671,399 s; 80% → 1,074,239 s.
        deadlines.RecordsReminder.ShouldBe(At("2026-03-10T12:29:59Z"));
        deadlines.RecordsEscalation.ShouldBe(At("2026-03-15T04:23:59Z"));
        deadlines.DeterminationDue.ShouldBeNull();
        deadlines.DeterminationReminder.ShouldBeNull();
        deadlines.DeterminationEscalation.ShouldBeNull();
    }

    [Fact]
    public void Compute_with_records_received_sets_the_determination_points()
    {
        var deadlines = Clock.Compute(Priority.Expedited, noticeOfAssignment: null, noticeWasElectronic: false, recordsReceived: At("2026-06-01T16:00:00Z"));

        deadlines.RecordsDue.ShouldBeNull();
        // 09:00 PDT 06-01 → due 23:59:59 PDT 06-04 = 06-05T06:59:59Z; interval 3 d 14:59:59 = 313,199 s.
        deadlines.DeterminationDue.ShouldBe(At("2026-06-05T06:59:59Z"));
        deadlines.DeterminationReminder.ShouldBe(At("2026-06-01T16:00:00Z").AddSeconds(156_599));
        deadlines.DeterminationEscalation.ShouldBe(At("2026-06-01T16:00:00Z").AddSeconds(250_559));
        (deadlines.DeterminationReminder < deadlines.DeterminationEscalation).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-11-25", "2026-12-04")] // Over Thanksgiving and the day after.
    [InlineData("2026-12-23", "2026-12-31")] // Over Christmas.
    [InlineData("2026-12-29", "2027-01-06")] // Over New Year's Day.
    [InlineData("2027-12-29", "2028-01-05")] // New Year's Day 2028 is a Saturday: Friday 12-31 is a working day.
    [InlineData("2026-11-06", "2026-11-16")] // Over Veterans Day (Wednesday).
    [InlineData("2026-03-27", "2026-04-06")] // Over Cesar Chavez Day.
    public void An_overturned_item_is_authorized_within_five_working_days(string determined, string due)
    {
        Clock.AuthorizationDueDate(D(determined)).ShouldBe(D(due));
    }

    [Fact]
    public void Authorization_due_instant_is_the_end_of_the_california_day()
    {
        // 2026-11-26T03:00Z is still 11-25 in California.
        Clock.AuthorizationDue(At("2026-11-26T03:00:00Z")).ShouldBe(At("2026-12-05T07:59:59Z"));
    }

    [Fact]
    public void A_different_policy_version_changes_the_numbers()
    {
        var strict = new StatutoryClock(StatutoryPolicy.Current with { Version = "test", RecordsDueRoll = DeadlineRoll.None });
        strict.RecordsDue(Priority.Standard, At("2026-03-02T18:00:00Z"), noticeWasElectronic: true).ShouldBe(At("2026-03-15T06:59:59Z"));
        strict.Compute(Priority.Standard, null, false, null).PolicyVersion.ShouldBe("test");
    }
}
