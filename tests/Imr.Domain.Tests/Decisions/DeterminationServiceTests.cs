using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;

namespace Imr.Domain.Tests.Decisions;

/// <summary>Who the Final Determination is served on, and the cover notice that goes with the letter (LC § 4610.6(h)).</summary>
public class DeterminationServiceTests
{
    private static readonly DateOnly Mailed = new(2026, 10, 22);

    private static CaseParties Parties(bool represented) => new()
    {
        Employee = new Party { Id = "EE-1", Name = "Jane Worker" },
        Employer = new Party { Id = "FEIN-1", Name = "Employer Inc" },
        ClaimsAdministrator = new Party { Id = "CA-1", Name = "Claims Co" },
        RequestingProvider = new Party { Id = "NPI-1", Name = "Dr Requesting" },
        UrReviewer = new Party { Id = "NPI-2", Name = "Dr UR" },
        EmployeeAttorney = represented ? new Party { Id = "SBN-1", Name = "Attorney At Law" } : null,
    };

    [Fact]
    public void Section_LC_4610_6_the_determination_goes_to_the_AD_and_each_party_the_attorney_when_represented()
    {
        var service = DeterminationService.For(Parties(represented: true), Mailed, ServiceMethod.Mail, StatutoryClock.Current);

        service.Addressees.ShouldBe(
        [
            new("administrativeDirector", DeterminationService.AdministrativeDirector),
            new("employee", "EE-1"),
            new("employeeAttorney", "SBN-1"),
            new("employer", "FEIN-1"),
            new("claimsAdministrator", "CA-1"),
            new("requestingPhysician", "NPI-1"),
        ]);
        DeterminationService.For(Parties(represented: false), Mailed, ServiceMethod.Mail, StatutoryClock.Current)
            .Addressees.Select(a => a.Role).ShouldNotContain("employeeAttorney");
    }

    [Fact]
    public void Section_LC_4610_6_h_the_cover_notice_states_the_mailing_the_binding_effect_and_the_last_day_to_appeal()
    {
        var service = DeterminationService.For(Parties(represented: true), Mailed, ServiceMethod.Mail, StatutoryClock.Current);

        service.ReceivedOn.ShouldBe(new DateOnly(2026, 10, 27));
        service.AppealDue.ShouldBe(new DateOnly(2026, 11, 30), "35 days land on Thanksgiving; the next business day is Monday");
        var notice = service.CoverNotice(CaseNumber.Parse("CM26-0000001"));
        notice.ShouldContain("mailed 2026-10-22");
        notice.ShouldContain("binds the parties");
        notice.ShouldContain("Workers' Compensation Appeals Board within 30 days of the date of mailing");
        notice.ShouldContain("the last day is 2026-11-30");
        foreach (var name in new[] { "Jane", "Employer Inc", "Claims Co", "Dr ", "Attorney" })
        {
            notice.ShouldNotContain(name, Shouldly.Case.Sensitive, "no names on the queue");
        }
    }
}
