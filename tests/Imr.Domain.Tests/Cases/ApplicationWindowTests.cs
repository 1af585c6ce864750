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
    public void Electronic_service_allows_thirty_days()
    {
        // Served Mon 2026-03-02; day 30 is Wed 2026-04-01, a business day.
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Electronic, new DateOnly(2026, 4, 1))).ShouldBeNull();

        var late = ApplicationWindow.Check(Filed(served, ServiceMethod.Electronic, new DateOnly(2026, 4, 2)));

        late.ShouldNotBeNull();
        late.Path.ShouldBe("$.dates.applicationReceived");
        late.Reason.ShouldContain("2026-04-01");
        late.Reason.ShouldContain("4610.5");
    }

    [Fact]
    public void Mail_service_adds_five_days()
    {
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Mail, new DateOnly(2026, 4, 6))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, ServiceMethod.Mail, new DateOnly(2026, 4, 7)))!.Reason.ShouldContain("plus 5 for service by mail");
    }

    [Fact]
    public void Unknown_service_method_gets_the_longer_mail_window()
    {
        var served = new DateOnly(2026, 3, 2);
        ApplicationWindow.Check(Filed(served, null, new DateOnly(2026, 4, 6))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, null, new DateOnly(2026, 4, 7))).ShouldNotBeNull();
    }

    [Fact]
    public void A_last_day_on_a_weekend_moves_to_the_next_business_day()
    {
        // Served Wed 2026-10-14 by fax: day 30 is Fri 2026-11-13 (business). Served Thu 2026-10-15: day 30 is Sat 11-14 → Mon 11-16.
        var served = new DateOnly(2026, 10, 15);
        ApplicationWindow.Check(Filed(served, ServiceMethod.Fax, new DateOnly(2026, 11, 16))).ShouldBeNull();
        ApplicationWindow.Check(Filed(served, ServiceMethod.Fax, new DateOnly(2026, 11, 17)))!.Reason.ShouldContain("2026-11-16");
    }

    [Fact]
    public void Missing_dates_are_left_to_validation()
    {
        ApplicationWindow.Check(SeedCase.Load() with { Dates = null }).ShouldBeNull();
    }
}
