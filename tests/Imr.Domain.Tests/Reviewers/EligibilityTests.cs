using Imr.Domain.Cases;
using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;
using static Imr.Domain.Tests.Reviewers.ReviewerBuilder;
using Codes = Imr.Domain.Reviewers.EligibilityReasonCodes;

namespace Imr.Domain.Tests.Reviewers;

public class EligibilityTests
{
    private static readonly CaseFile Seed = SeedCase.Load();

    private static ReviewerEvaluation Judge(Reviewer reviewer, IEnumerable<string>? previous = null) =>
        Eligibility.Evaluate(reviewer, new EligibilityContext(Seed, On, previous));

    [Fact]
    public void The_baseline_reviewer_is_eligible_with_an_exact_fit()
    {
        var evaluation = Judge(Eligible());
        evaluation.Reasons.ShouldBeEmpty();
        evaluation.IsEligible.ShouldBeTrue();
        evaluation.Fit.ShouldBe(SpecialtyFit.Exact);
    }

    /// <summary>One failing reviewer per reason: the change and the single code it must produce.</summary>
    public static TheoryData<string, Func<Reviewer, Reviewer>, string> OneReasonEach => new()
    {
        { "no license at all", r => r with { Licenses = [] }, Codes.NoLicense },
        { "only a Nevada license", r => r with { Licenses = [r.Licenses[0] with { State = "NV" }] }, Codes.NoLicense },
        { "restricted license", r => r with { Licenses = [r.Licenses[0] with { Status = LicenseStatus.Restricted }] }, Codes.LicenseNotActive },
        { "suspended license", r => r with { Licenses = [r.Licenses[0] with { Status = LicenseStatus.Suspended }] }, Codes.LicenseNotActive },
        { "license expired yesterday", r => r with { Licenses = [r.Licenses[0] with { Expires = On.AddDays(-1) }] }, Codes.LicenseExpired },
        { "no certification", r => r with { Certifications = [] }, Codes.NoCertification },
        { "fitting certification lapsed", r => r with { Certifications = [r.Certifications[0] with { Expires = On.AddDays(-1) }] }, Codes.CertificationExpired },
        { "specialty does not fit", r => r with { Certifications = [r.Certifications[0] with { Specialty = "Dermatology" }] }, Codes.SpecialtyDoesNotFit },
        { "exactly five years", r => r with { YearsInActivePractice = 5 }, Codes.TooFewYearsInPractice },
        { "23.5 hours a week", r => r with { ClinicalHoursPerWeek = 23.5m }, Codes.TooFewClinicalHours },
        { "affiliated with the employer by id", r => r with { Affiliations = [new Affiliation { PartyId = "FEIN-00-0000001" }] }, Codes.AffiliatedWithParty },
        { "affiliated with the employee by id", r => r with { Affiliations = [new Affiliation { PartyId = "EE-000001" }] }, Codes.AffiliatedWithParty },
        { "affiliated with the requesting provider by id", r => r with { Affiliations = [new Affiliation { PartyId = "NPI-1000000001" }] }, Codes.AffiliatedWithParty },
        { "affiliated with the UR reviewer by id", r => r with { Affiliations = [new Affiliation { PartyId = "NPI-1000000002" }] }, Codes.AffiliatedWithParty },
        { "affiliated with the claims administrator by name", r => r with { Affiliations = [new Affiliation { Organization = "EXAMPLE  claims administration" }] }, Codes.AffiliatedWithOrganization },
        { "affiliated with the UR organization by name", r => r with { Affiliations = [new Affiliation { Organization = "example utilization review" }] }, Codes.AffiliatedWithOrganization },
        { "paused", r => r with { Status = ReviewerStatus.Paused }, Codes.NotActive },
        { "at capacity", r => r with { CurrentCaseload = 10, Capacity = 10 }, Codes.AtCapacity },
        { "no capacity at all", r => r with { CurrentCaseload = 0, Capacity = 0 }, Codes.AtCapacity },
    };

    [Theory]
    [MemberData(nameof(OneReasonEach))]
    public void Each_rule_refuses_with_its_own_reason(string why, Func<Reviewer, Reviewer> change, string code)
    {
        var evaluation = Judge(change(Eligible()));

        evaluation.IsEligible.ShouldBeFalse(why);
        var reason = evaluation.Reasons.ShouldHaveSingleItem(why);
        reason.Code.ShouldBe(code);
        reason.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_reviewer_who_had_the_case_before_is_refused()
    {
        var evaluation = Judge(Eligible("R-7"), previous: ["R-7"]);
        evaluation.Reasons.ShouldHaveSingleItem().Code.ShouldBe(Codes.ReviewedBefore);
        Judge(Eligible("R-8"), previous: ["R-7"]).IsEligible.ShouldBeTrue();
    }

    [Fact]
    public void A_reviewer_failing_several_rules_gets_every_reason()
    {
        var reviewer = Eligible("R-9") with
        {
            Licenses = [new License { State = "CA", Status = LicenseStatus.Suspended, Expires = On.AddDays(-30) }],
            Certifications = [new BoardCertification { Specialty = "Ophthalmology", Expires = On.AddYears(1) }],
            YearsInActivePractice = 3,
            ClinicalHoursPerWeek = 10,
            Affiliations = [new Affiliation { PartyId = "CA-0001" }, new Affiliation { Organization = "Example Employer, Inc." }],
            Status = ReviewerStatus.Paused,
            CurrentCaseload = 4,
            Capacity = 4,
        };

        var evaluation = Judge(reviewer, previous: ["R-9"]);

        evaluation.Reasons.Select(r => r.Code).ShouldBe(
        [
            Codes.LicenseNotActive,
            Codes.LicenseExpired,
            Codes.SpecialtyDoesNotFit,
            Codes.TooFewYearsInPractice,
            Codes.TooFewClinicalHours,
            Codes.AffiliatedWithParty,
            Codes.AffiliatedWithOrganization,
            Codes.ReviewedBefore,
            Codes.NotActive,
            Codes.AtCapacity,
        ]);
        evaluation.Fit.ShouldBe(SpecialtyFit.None);
    }

    [Fact]
    public void Conflict_reasons_name_the_role_never_the_party()
    {
        var evaluation = Judge(Eligible() with { Affiliations = [new Affiliation { PartyId = "EE-000001" }] });
        var message = evaluation.Reasons.ShouldHaveSingleItem().Message;
        message.ShouldContain("the employee");
        message.ShouldNotContain("EE-000001");
        message.ShouldNotContain("redacted");
    }

    [Fact]
    public void A_current_license_beside_an_expired_one_is_enough()
    {
        var reviewer = Eligible() with
        {
            Licenses = [new License { State = "CA", Expires = On.AddYears(-2) }, new License { State = "ca", Expires = On }],
        };
        Judge(reviewer).IsEligible.ShouldBeTrue();
    }

    [Fact]
    public void A_license_is_valid_through_its_expiry_date()
    {
        Judge(Eligible() with { Licenses = [Eligible().Licenses[0] with { Expires = On }] }).IsEligible.ShouldBeTrue();
    }

    [Fact]
    public void Similar_specialty_is_eligible_with_a_similar_fit()
    {
        var evaluation = Judge(Eligible(specialty: "Neurological Surgery"));
        evaluation.IsEligible.ShouldBeTrue();
        evaluation.Fit.ShouldBe(SpecialtyFit.Similar);
    }

    [Fact]
    public void An_expired_exact_certification_does_not_count_beside_a_current_similar_one()
    {
        var reviewer = Eligible() with
        {
            Certifications =
            [
                new BoardCertification { Specialty = "Occupational Medicine", Expires = On.AddDays(-1) },
                new BoardCertification { Specialty = "Family Medicine", Expires = On.AddDays(10) },
            ],
        };
        var evaluation = Judge(reviewer);
        evaluation.IsEligible.ShouldBeTrue();
        evaluation.Fit.ShouldBe(SpecialtyFit.Similar);
    }

    [Fact]
    public void A_case_matching_no_table_row_explains_that_the_table_needs_a_row()
    {
        var odd = Seed with { Conditions = ["xyzzy"], DisputedItems = [new DisputedItem { Description = "Plugh" }] };
        var evaluation = Eligibility.Evaluate(Eligible(), new EligibilityContext(odd, On));
        var reason = evaluation.Reasons.ShouldHaveSingleItem();
        reason.Code.ShouldBe(Codes.SpecialtyDoesNotFit);
        reason.Message.ShouldContain("needs a row");
    }

    [Fact]
    public void A_registry_row_with_missing_lists_is_judged_not_crashed()
    {
        var broken = Eligible("R-broken") with { Licenses = null!, Certifications = [null!], Affiliations = null! };

        var evaluation = Judge(broken);

        evaluation.Reasons.Select(r => r.Code).ShouldBe([Codes.NoLicense, Codes.NoCertification]);
    }
}
