using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;
using static Imr.Domain.Tests.Reviewers.ReviewerBuilder;
using Codes = Imr.Domain.Reviewers.EligibilityReasonCodes;

namespace Imr.Domain.Tests.Reviewers;

/// <summary>Reviewer qualifications and conflicts of interest as LC § 139.5 sets them, with worked examples.</summary>
public class Lc139_5Tests
{
    private static readonly CaseFile Seed = SeedCase.Load();

    // The seed case (cervical and thoracic strain) with chiropractic manipulation in dispute, and every conflict party.
    private static readonly CaseFile Chiropractic = Seed with
    {
        DisputedItems = [Seed.DisputedItems![0] with { Description = "Chiropractic manipulation, cervical spine", Quantity = 6 }],
        Parties = Seed.Parties! with
        {
            EmployeeAttorney = new Party { Id = "BAR-123456", Name = "Applicant Law Group" },
            Facility = new Party { Id = "FAC-0042", Name = "Valley Spine Center" },
            Manufacturer = new Party { Id = "MFR-0007", Name = "Acme Devices" },
        },
    };

    private static ReviewerEvaluation Judge(Reviewer reviewer, CaseFile? caseFile = null, StatutoryPolicy? policy = null) =>
        Eligibility.Evaluate(reviewer, new EligibilityContext(caseFile ?? Seed, On, policy: policy));

    private static Reviewer Licensed(string id, LicenseType type, string state = "CA") => Eligible(id) with
    {
        Licenses = [new License { State = state, Number = "DC 9999", Type = type, Expires = On.AddYears(1) }],
        Certifications = [],
    };

    [Fact]
    public void LC_139_5_a_physician_without_board_certification_is_refused()
    {
        // Dr. A: M.D., California license, 12 years, 32 hours a week, but no board certification.
        var evaluation = Judge(Eligible("R-md") with { Certifications = [] });

        var reason = evaluation.Reasons.ShouldHaveSingleItem();
        reason.Code.ShouldBe(Codes.NoCertification);
        reason.Message.ShouldContain("M.D. or D.O.");
        Eligibility.FirstRefusal(evaluation.Reviewer, new EligibilityContext(Seed, On)).ShouldBe(Codes.NoCertification);
    }

    [Fact]
    public void LC_139_5_a_chiropractor_is_qualified_by_the_license_without_a_board_certification()
    {
        // A doctor of chiropractic with a current California license reviews disputed chiropractic manipulation.
        var evaluation = Judge(Licensed("R-dc", LicenseType.Chiropractor), Chiropractic);

        evaluation.Reasons.ShouldBeEmpty();
        evaluation.Fit.ShouldBe(SpecialtyFit.Similar);
        ReviewerSelection.Choose(Chiropractic, [Licensed("R-dc", LicenseType.Chiropractor)], On).Chosen!.Reviewer.Id.ShouldBe("R-dc");
    }

    [Fact]
    public void LC_139_5_a_chiropractor_is_refused_where_chiropractic_is_not_the_specialty()
    {
        // The seed case disputes a bone scan: the license's own specialty (Chiropractic) fits no row for it.
        var reason = Judge(Licensed("R-dc", LicenseType.Chiropractor)).Reasons.ShouldHaveSingleItem();

        reason.Code.ShouldBe(Codes.LicenseSpecialtyDoesNotFit);
        reason.Message.ShouldContain("chiropractor (Chiropractic)");
    }

    [Fact]
    public void LC_139_5_a_psychologist_is_qualified_in_clinical_psychology_by_the_license()
    {
        var anxiety = Seed with
        {
            Conditions = ["anxiety"],
            DisputedItems = [new DisputedItem { Description = "Cognitive behavioral psychotherapy", Quantity = 6 }],
        };

        var evaluation = Judge(Licensed("R-psy", LicenseType.Psychologist), anxiety);

        evaluation.Reasons.ShouldBeEmpty();
        evaluation.Fit.ShouldBe(SpecialtyFit.Exact);
    }

    public static TheoryData<string, Func<CaseParties, Party>, string> ConflictParties => new()
    {
        { "employee", p => p.Employee!, "the employee" },
        { "employee's attorney", p => p.EmployeeAttorney!, "the employee's attorney" },
        { "employer", p => p.Employer!, "the employer" },
        { "claims administrator", p => p.ClaimsAdministrator!, "the claims administrator" },
        { "requesting provider", p => p.RequestingProvider!, "the requesting provider" },
        { "UR reviewer", p => p.UrReviewer!, "the UR reviewer" },
        { "UR organization", p => p.UrOrganization!, "the UR organization" },
        { "facility", p => p.Facility!, "the facility where the treatment would be given" },
        { "maker of the drug or device", p => p.Manufacturer!, "the maker of the drug or device at issue" },
    };

    [Theory]
    [MemberData(nameof(ConflictParties))]
    public void LC_139_5_an_affiliation_with_a_listed_party_by_id_is_a_conflict(string kind, Func<CaseParties, Party> party, string role)
    {
        var reviewer = Licensed("R-dc", LicenseType.Chiropractor) with { Affiliations = [new Affiliation { PartyId = party(Chiropractic.Parties!).Id! }] };

        var reason = Judge(reviewer, Chiropractic).Reasons.ShouldHaveSingleItem(kind);

        reason.Code.ShouldBe(Codes.AffiliatedWithParty);
        reason.Message.ShouldBe($"Affiliated with {role} of this case (LC § 139.5).");
        ReviewerSelection.Choose(Chiropractic, [reviewer], On).Refusals.ShouldBe([new(Codes.AffiliatedWithParty, 1)]);
    }

    [Theory]
    [MemberData(nameof(ConflictParties))]
    public void LC_139_5_an_affiliation_with_a_listed_party_by_name_is_a_conflict(string kind, Func<CaseParties, Party> party, string role)
    {
        var name = party(Chiropractic.Parties!).Name!;
        var reviewer = Licensed("R-dc", LicenseType.Chiropractor) with { Affiliations = [new Affiliation { Organization = "  " + name.ToUpperInvariant() }] };

        var reason = Judge(reviewer, Chiropractic).Reasons.ShouldHaveSingleItem(kind);

        reason.Code.ShouldBe(Codes.AffiliatedWithOrganization);
        reason.Message.ShouldContain(role);
    }

    [Fact]
    public void LC_139_5_the_design_cards_policy_refuses_a_license_from_another_state()
    {
        // Default policy 2026.1: a Missouri-licensed board-certified physician is not eligible.
        var missouri = Eligible("R-mo") with { Licenses = [new License { State = "MO", Number = "M-1", Expires = On.AddYears(1) }] };

        StatutoryPolicy.Current.ReviewerLicensing.ShouldBe(ReviewerLicensing.California);
        var reason = Judge(missouri).Reasons.ShouldHaveSingleItem();
        reason.Code.ShouldBe(Codes.NoLicense);
        reason.Message.ShouldContain("California");
    }

    [Fact]
    public void LC_139_5_the_any_state_option_accepts_another_state_and_ranks_California_first()
    {
        // Equal fit (exact), the Missouri reviewer idle, the California one at 8 of 10: California still comes first.
        var policy = StatutoryPolicy.AnyStateLicense;
        var missouri = Eligible("R-mo", caseload: 0) with { Licenses = [new License { State = "MO", Number = "M-1", Expires = On.AddYears(1) }] };
        var california = Eligible("R-ca", caseload: 8);

        Judge(missouri, policy: policy).IsEligible.ShouldBeTrue();
        ReviewerSelection.Choose(Seed, [missouri, california], On, policy: policy).Chosen!.Reviewer.Id.ShouldBe("R-ca");
        ReviewerSelection.Rank(Seed, [missouri, california], On, policy: policy).Select(e => e.Reviewer.Id).ShouldBe(["R-ca", "R-mo"]);
        ReviewerSelection.Choose(Seed, [missouri, california], On).Refusals.ShouldBe([new(Codes.NoLicense, 1)]);
    }

    [Fact]
    public void LC_139_5_under_the_any_state_option_a_better_fit_outranks_the_California_preference()
    {
        // The statute's preference gives way where the specialty needed is not available from a California licensee.
        var missouriExact = Eligible("R-mo", specialty: "Occupational Medicine") with { Licenses = [new License { State = "MO", Number = "M-1", Expires = On.AddYears(1) }] };
        var californiaSimilar = Eligible("R-ca", specialty: "Family Medicine");

        ReviewerSelection.Choose(Seed, [californiaSimilar, missouriExact], On, policy: StatutoryPolicy.AnyStateLicense).Chosen!.Reviewer.Id.ShouldBe("R-mo");
    }

    [Fact]
    public void LC_139_5_the_any_state_option_is_a_policy_version_of_its_own()
    {
        var option = StatutoryPolicy.AnyStateLicense;

        option.Version.ShouldNotBe(StatutoryPolicy.Current.Version);
        StatutoryPolicy.Known.Select(p => p.Version).ShouldBe([StatutoryPolicy.Current.Version, option.Version]);
        (option with { Version = StatutoryPolicy.Current.Version, Sources = StatutoryPolicy.Current.Sources, ReviewerLicensing = ReviewerLicensing.California })
            .ShouldBe(StatutoryPolicy.Current);
    }

    [Fact]
    public void LC_139_5_the_new_conflict_parties_are_optional_but_need_an_id_and_a_name_when_present()
    {
        CaseFileValidator.Validate(Chiropractic, SeedCase.Today).ShouldBeEmpty();
        CaseFileValidator.Validate(Seed, SeedCase.Today).ShouldBeEmpty();

        var blank = Chiropractic with { Parties = Chiropractic.Parties! with { Facility = new Party { Id = " ", Name = "Valley Spine Center" }, Manufacturer = new Party { Id = "MFR-1", Name = "" } } };

        CaseFileValidator.Validate(blank, SeedCase.Today).Select(p => p.Path).ShouldBe(["$.parties.facility.id", "$.parties.manufacturer.name"], ignoreOrder: true);
    }
}
