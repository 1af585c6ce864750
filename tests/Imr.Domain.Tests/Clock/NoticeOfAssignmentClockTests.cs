using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>The notice of assignment and the records clock it starts, in worked dates (8 CCR §§ 9792.10.4(b), 9792.10.5(a)(1)).</summary>
public class NoticeOfAssignmentClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-02", "2026-03-03")] // Monday: the next day
    [InlineData("2026-03-06", "2026-03-09")] // Friday: past the weekend
    [InlineData("2026-03-07", "2026-03-09")] // received on a Saturday: the first business day following it
    [InlineData("2026-03-30", "2026-04-01")] // Cesar Chavez Day (Tue 03-31) is not a business day
    [InlineData("2026-11-25", "2026-11-30")] // Thanksgiving and the day after, then the weekend
    [InlineData("2026-12-24", "2026-12-28")] // Christmas Day, Friday
    public void Section_9792_10_4_b_notice_of_assignment_within_one_business_day_following_receipt_of_the_finding(string received, string due)
    {
        Clock.NoticeOfAssignmentDueDate(D(received)).ShouldBe(D(due));
    }

    [Fact]
    public void Section_9792_10_4_b_the_notice_is_due_at_the_end_of_its_california_day()
    {
        // Tue 2026-03-03 23:59:59 PST.
        Clock.NoticeOfAssignmentDue(D("2026-03-02")).ShouldBe(At("2026-03-04T07:59:59Z"));
        StatutoryPolicy.Current.NoticeOfAssignmentBusinessDays.ShouldBe(1);
        StatutoryPolicy.Current.Sources.ShouldContain(s => s.Contains("9792.10.4(b)", StringComparison.Ordinal));
    }

    [Theory]
    // Mailed Fri 2026-07-03 10:00 PDT (Independence Day is Saturday and not moved): day 15 is Sat 07-18 → Mon 07-20.
    [InlineData("2026-07-03T17:00:00Z", false, "2026-07-21T06:59:59Z")]
    // The same notice sent electronically: day 12 is Wed 07-15.
    [InlineData("2026-07-03T17:00:00Z", true, "2026-07-16T06:59:59Z")]
    // Sent electronically on Sunday 2026-09-13: day 12 is Fri 09-25, Native American Day, a business day (LC § 4600.4(b)).
    [InlineData("2026-09-13T18:00:00Z", true, "2026-09-26T06:59:59Z")]
    // Mailed at 23:30 on Wed 2026-12-30 California time (already 12-31 in UTC): day 15 is Thu 2027-01-14.
    [InlineData("2026-12-31T07:30:00Z", false, "2027-01-15T07:59:59Z")]
    // Mailed Wed 2026-11-11 (Veterans Day; the notice can go out on a holiday): day 15 is Thanksgiving → Mon 11-30.
    [InlineData("2026-11-11T17:00:00Z", false, "2026-12-01T07:59:59Z")]
    public void Section_9792_10_5_a_1_records_due_15_days_after_mailing_or_12_after_electronic_notice(string notice, bool electronic, string due)
    {
        Clock.RecordsDue(Priority.Standard, At(notice), electronic).ShouldBe(At(due));
    }

    [Theory]
    // Fri 2026-07-03 20:30 PDT: 24 hours later, through Independence Day, with no roll.
    [InlineData("2026-07-04T03:30:00Z", "2026-07-05T03:30:00Z")]
    // Sat 2026-12-26 09:00 PST: Sunday morning.
    [InlineData("2026-12-26T17:00:00Z", "2026-12-27T17:00:00Z")]
    public void Section_9792_10_5_a_1_expedited_records_due_24_hours_after_the_notice(string notice, string due)
    {
        Clock.RecordsDue(Priority.Expedited, At(notice), noticeWasElectronic: false).ShouldBe(At(due));
        Clock.RecordsDue(Priority.Expedited, At(notice), noticeWasElectronic: true).ShouldBe(At(due));
    }

    [Fact]
    public void Section_9792_10_5_a_1_the_records_clock_needs_only_the_notice()
    {
        // No reviewer, no records: the notice alone sets the records deadlines (the determination waits for the records).
        var deadlines = Clock.Compute(Priority.Standard, At("2026-07-03T17:00:00Z"), noticeWasElectronic: false, recordsReceived: null);
        deadlines.RecordsDue.ShouldBe(At("2026-07-21T06:59:59Z"));
        deadlines.RecordsReminder.ShouldNotBeNull();
        deadlines.DeterminationDue.ShouldBeNull();
    }
}
