using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

public class ApplicationWindowTests
{
    private static CaseFile Filed(DateOnly served, ServiceMethod? by, DateOnly received) =>
        SeedCase.Load() with
        {
            Dates = new CaseDates
            {
                Injury = new DateOnly(2025, 1, 6),
                UrDecision = served,
                UrDecisionServed = served,
                UrDecisionServedBy = by,
                ApplicationReceived = received,
            },
        };

    [Fact]
    public void Personal_service_allows_thirty_days_LC_4610_5_h_1()
    {
        // Served Mon 2026-03-02 in person: day 30 is Wed 2026-04-01, a business day.
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Personal, new DateOnly(2026, 4, 1))).ShouldBeNull();

        var late = ApplicationWindow.Check(Filed(served, ServiceMethod.Personal, new DateOnly(2026, 4, 2)));

        late.ShouldNotBeNull();
        late.Path.ShouldBe("$.dates.applicationReceived");
        late.Reason.ShouldContain("2026-04-01");
        late.Reason.ShouldContain("4610.5");
        late.Reason.ShouldContain("personal service: no extension");
    }

    [Theory]
    [InlineData(ServiceMethod.Mail, "service by mail")]
    [InlineData(ServiceMethod.Fax, "service by fax")]
    [InlineData(ServiceMethod.Electronic, "service by e-mail or other electronic means")]
    public void Mail_fax_and_email_service_add_five_days_8_CCR_10605_a_1(ServiceMethod by, string basis)
    {
        // Served Mon 2026-03-02: day 35 is Mon 2026-04-06, a business day.
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, by, new DateOnly(2026, 4, 6))).ShouldBeNull();

        var late = ApplicationWindow.Check(Filed(served, by, new DateOnly(2026, 4, 7)));

        late.ShouldNotBeNull();
        late.Reason.ShouldContain("2026-04-06");
        late.Reason.ShouldContain($"30 days plus 5 for {basis}, 8 CCR § 10605(a)(1)");
    }

    [Fact]
    public void Unknown_service_method_gets_the_extended_window_8_CCR_10605_a()
    {
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, null, new DateOnly(2026, 4, 6))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, null, new DateOnly(2026, 4, 7)))!.Reason.ShouldContain("a method not given");
    }

    [Fact]
    public void A_last_day_on_a_weekend_moves_to_the_next_business_day_CCP_12a()
    {
        // Served Sat 2026-10-10 by fax: day 35 is Sat 2026-11-14, so the last day is Mon 2026-11-16.
        var served = new DateOnly(2026, 10, 10);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Fax, new DateOnly(2026, 11, 16))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, ServiceMethod.Fax, new DateOnly(2026, 11, 17)))!.Reason.ShouldContain("2026-11-16");
    }

    [Fact]
    public void A_last_day_on_a_holiday_moves_past_it_8_CCR_10605_a_1()
    {
        // E-mailed Thu 2026-10-22: day 35 is Thu 2026-11-26 (Thanksgiving); Fri 11-27 is the
        // day after Thanksgiving and 11-28/29 a weekend, so the last day is Mon 2026-11-30.
        var served = new DateOnly(2026, 10, 22);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Electronic, new DateOnly(2026, 11, 30))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, ServiceMethod.Electronic, new DateOnly(2026, 12, 1)))!.Reason.ShouldContain("2026-11-30");
    }

    [Fact]
    public void Missing_dates_are_left_to_validation()
    {
        ApplicationWindow.Check(SeedCase.Load() with { Dates = null }).ShouldBeNull();
    }
}
