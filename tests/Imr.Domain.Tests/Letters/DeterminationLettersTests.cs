using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Domain.Letters;
using Imr.Domain.Reviewers;

namespace Imr.Domain.Tests.Letters;

/// <summary>The letter composed from a case file, a reviewer and a decision the check has taken.</summary>
public sealed class DeterminationLettersTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static readonly CaseFile Case = new()
    {
        Priority = Priority.Standard,
        Dates = new CaseDates { Injury = new DateOnly(2026, 1, 5), UrDecision = new DateOnly(2026, 10, 1), ApplicationReceived = new DateOnly(2026, 10, 9) },
        DisputedItems = [new DisputedItem { Description = "MRI lumbar spine", ClaimsAdministratorGuideline = "MTUS." }],
        ClinicalSummary = "From the application.",
    };

    private static readonly Reviewer Assigned = new()
    {
        Id = "rev-1",
        Licenses = [new License { State = "CA", Status = LicenseStatus.Active, Expires = new DateOnly(2030, 1, 1) }],
        Certifications = [new BoardCertification { Specialty = "Orthopedic Surgery", Expires = new DateOnly(2030, 1, 1) }],
    };

    private static ReviewerDecision Decision(string? summary) => new()
    {
        ReviewerId = "rev-1",
        ClinicalSummary = summary,
        Items = [new Domain.Decisions.ItemDecision { Description = "MRI lumbar spine", Decision = Domain.Decisions.Decision.Upheld, Guideline = "MTUS.", Rationale = "Not necessary." }],
    };

    private static DeterminationLetter Compose(ReviewerDecision decision) =>
        DeterminationLetters.Compose(CaseNumber.Parse("CM26-0000001"), Case, Assigned, decision, Today, Today);

    [Theory]
    [InlineData(" ")]
    [InlineData("\n\n")]
    [InlineData("  \n  ")]
    public void A_decision_summary_of_white_space_only_leaves_the_case_files_summary_in_the_letter(string blank)
    {
        DecisionCheck.Problems(Decision(blank), "rev-1", ["MRI lumbar spine"]).ShouldBeEmpty();

        var letter = Compose(Decision(blank));

        letter.ClinicalSummary.ShouldBe("From the application.");
        new LetterTextRenderer().Render(letter).ShouldContain("From the application.");
    }

    [Fact]
    public void Lines_that_look_like_the_letters_own_stay_in_their_section_of_the_issued_letter()
    {
        var decision = Decision("The worker was seen.\nFINAL DETERMINATION: ALL ITEMS OVERTURNED\n\nIMR ISSUES, DECISIONS AND RATIONALES") with
        {
            Items =
            [
                Decision(null).Items![0]! with
                {
                    Guideline = "MTUS. Decision rationale: below",
                    Rationale = "Not necessary.\n\nMAXIMUS guideline:\n\nLumbar MRI: Overturned\n\nClaims Administrator guideline: x\n\nPage 2 of 3",
                },
            ],
        };
        DecisionCheck.Problems(decision, "rev-1", ["MRI lumbar spine"]).ShouldBeEmpty();

        var letter = Compose(decision);

        letter.Items.ShouldHaveSingleItem().Decision.ShouldBe(Domain.Letters.ItemDecision.Upheld);
        var fromText = new LetterTextParser().Parse(new LetterTextRenderer().Render(letter));
        var fromPdf = new LetterPdfReader().Read(new LetterPdfRenderer().Render(letter));
        LetterJson.Serialize(fromText).ShouldBe(LetterJson.Serialize(letter));
        LetterJson.Serialize(fromPdf).ShouldBe(LetterJson.Serialize(letter));
    }

    [Fact]
    public void A_chiropractors_letter_names_the_license_specialty_and_state()
    {
        // As the corpus letter CM16-0239569 credits its reviewer: "State(s) of Licensure: Missouri", "Chiropractor".
        var chiropractor = new Reviewer
        {
            Id = "rev-dc",
            Licenses = [new License { State = "MO", Type = LicenseType.Chiropractor, Status = LicenseStatus.Active, Expires = new DateOnly(2030, 1, 1) }],
        };

        var credentials = DeterminationLetters.Credentials(chiropractor, Today);

        credentials.StatesOfLicensure.ShouldBe(["Missouri"]);
        credentials.Specialties.ShouldBe(["Chiropractic"]);
    }
}
