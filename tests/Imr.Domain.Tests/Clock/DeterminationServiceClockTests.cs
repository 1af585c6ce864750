using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>
/// The clocks the served determination starts, in worked dates: the appeal to the WCAB (LC § 4610.6(h); 8 CCR § 10605(a)(1))
/// and the authorization of an overturned item from its receipt (8 CCR § 9792.10.7(a)(2)).
/// </summary>
public class DeterminationServiceClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-02", "Mail", "2026-04-06")] // Monday: 30 days, plus 5 for mail, a Monday
    [InlineData("2026-03-02", "Electronic", "2026-04-06")] // e-mail gets the same 5 days as mail (§ 10605(a))
    [InlineData("2026-03-07", "Electronic", "2026-04-13")] // sent on a Saturday: the last day is a Saturday, so Monday
    [InlineData("2026-10-07", "Mail", "2026-11-12")] // lands on Veterans Day (Wednesday): Thursday
    [InlineData("2026-10-22", "Mail", "2026-11-30")] // lands on Thanksgiving: past the day after and the weekend
    [InlineData("2026-11-20", "Electronic", "2026-12-28")] // lands on Christmas Day (Friday): Monday
    [InlineData("2026-11-27", "Mail", "2027-01-04")] // lands on New Year's Day 2027 (Friday): into the next year
    [InlineData("2026-03-01", "Personal", "2026-04-01")] // personal service: 30 days, on Cesar Chavez Day (Tuesday): Wednesday
    public void Section_LC_4610_6_h_appeal_within_30_days_of_mailing_extended_by_8_CCR_10605_a_1(string mailed, string servedBy, string lastDay)
    {
        Clock.AppealLastDay(D(mailed), Enum.Parse<ServiceMethod>(servedBy)).ShouldBe(D(lastDay));
    }

    [Theory]
    [InlineData("2026-03-02", "Mail", "2026-03-07")] // five calendar days after the mailing, a Saturday
    [InlineData("2026-03-02", "Electronic", "2026-03-02")] // the day it is sent
    [InlineData("2026-12-22", "Mail", "2026-12-27")] // over Christmas: calendar days, no roll
    public void Section_9792_10_7_a_receipt_counts_five_days_from_a_mailing_and_the_same_day_electronically(string mailed, string servedBy, string received)
    {
        Clock.DeterminationReceivedOn(D(mailed), Enum.Parse<ServiceMethod>(servedBy)).ShouldBe(D(received));
    }

    [Theory]
    [InlineData("2026-03-02", "Mail", "2026-03-13")] // received Saturday 03-07: Monday 03-09 is the first working day
    [InlineData("2026-03-02", "Electronic", "2026-03-09")] // received Monday: five working days over one weekend
    [InlineData("2026-11-20", "Mail", "2026-12-04")] // received Wednesday 11-25: Thanksgiving, the day after, the weekend
    [InlineData("2026-11-20", "Electronic", "2026-12-01")] // received Friday 11-20: Thanksgiving and the day after skipped
    [InlineData("2026-12-22", "Mail", "2027-01-04")] // received Sunday 12-27: New Year's Day skipped
    [InlineData("2026-12-22", "Electronic", "2026-12-30")] // received Tuesday: Christmas Day skipped
    public void Section_9792_10_7_a_2_an_overturned_item_is_authorized_within_5_working_days_of_receipt(string mailed, string servedBy, string due)
    {
        Clock.AuthorizationDueAfterService(D(mailed), Enum.Parse<ServiceMethod>(servedBy)).ShouldBe(D(due));
    }

    [Fact]
    public void Section_9792_10_7_a_2_a_mailed_determination_is_not_due_from_its_decision_date()
    {
        // The decision date is the mailing date; counting from it would make the claims administrator late before receipt.
        var mailed = D("2026-03-02");
        Clock.AuthorizationDueAfterService(mailed, ServiceMethod.Mail).ShouldBeGreaterThan(Clock.AuthorizationDueDate(mailed));
    }

    [Fact]
    public void The_policy_cites_the_appeal_window_and_the_service_extension()
    {
        var policy = StatutoryPolicy.Current;
        (policy.AppealWindowDays, policy.AppealServiceExtensionDays, policy.DeterminationReceiptDaysByMail).ShouldBe((30, 5, 5));
        policy.AppealWindowRoll.ShouldBe(DeadlineRoll.NextBusinessDay);
        policy.Sources.ShouldContain(s => s.Contains("4610.6(h)"));
        policy.Sources.ShouldContain(s => s.Contains("10605(a)(1)"));
    }
}
