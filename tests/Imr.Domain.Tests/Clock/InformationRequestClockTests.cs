using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>
/// The due date of a party's answer to the IMR organization's request for information, in worked dates: 5 business days
/// following receipt of the request (8 CCR § 9792.10.5(b), (c)), receipt by mail 5 calendar days after the sending
/// (8 CCR § 10605(a)(1)), electronically the same day.
/// </summary>
public class InformationRequestClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-02", "Electronic", "2026-03-09")] // Monday, received the same day: Tue..Fri and the next Monday
    [InlineData("2026-03-02", "Mail", "2026-03-13")] // mailed Monday, received Saturday the 7th: Mon 9 .. Fri 13
    [InlineData("2026-03-07", "Electronic", "2026-03-13")] // sent on a Saturday: the count starts on Monday
    [InlineData("2026-03-26", "Electronic", "2026-04-03")] // over Cesar Chavez Day (Tuesday 31 March)
    [InlineData("2026-11-25", "Electronic", "2026-12-04")] // over Thanksgiving and the day after, then the weekend
    [InlineData("2026-12-18", "Mail", "2026-12-31")] // received Wednesday the 23rd; Christmas Day (Friday) is skipped
    public void Section_9792_10_5_b_c_information_due_five_business_days_following_receipt_of_the_request(string sent, string servedBy, string due)
    {
        Clock.InformationResponseDueDate(D(sent), Enum.Parse<ServiceMethod>(servedBy)).ShouldBe(D(due));
    }

    [Fact]
    public void Section_9792_10_5_b_c_the_due_instant_is_the_end_of_the_last_day_in_California()
    {
        // 10:00 on Monday 2 March 2026 in Los Angeles (PST, UTC-8), sent electronically.
        var sent = new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);
        var due = Clock.InformationResponseDue(sent, ServiceMethod.Electronic);
        PacificTime.DateOf(due).ShouldBe(D("2026-03-09"));
        due.ShouldBe(PacificTime.EndOfDay(D("2026-03-09")));
    }
}
