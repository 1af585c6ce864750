using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>A letter is only issued when complete; every gap is named by its JSON path.</summary>
public sealed class LetterCompletenessTests
{
    private static readonly DeterminationLetter Complete = new()
    {
        CaseNumber = "CM26-0000001",
        DecisionDate = new DateOnly(2026, 11, 27),
        Priority = LetterPriority.Expedited,
        Reviewer = new ReviewerCredentials { StatesOfLicensure = ["California"], Specialties = ["Orthopedic Surgery"] },
        ClinicalSummary = "The injured worker is a 40 year old carpenter.",
        Items =
        [
            new LetterItem
            {
                Description = "MRI of the right knee",
                Decision = ItemDecision.Overturned,
                ClaimsAdministratorGuideline = "Decision based on MTUS Knee Complaints 2004.",
                ReviewerGuideline = ReviewerGuidelineWording.Mtus([new MtusCitation("Knee Complaints 2004", "Special Studies")]),
                Rationale = "Imaging is indicated. The request is medically necessary.",
            },
        ],
    };

    [Fact]
    public void A_complete_letter_has_no_problems_and_renders()
    {
        LetterCompleteness.Problems(Complete).ShouldBeEmpty();
        new LetterTextRenderer().Render(Complete).ShouldContain("MRI of the right knee: Overturned");
    }

    [Fact]
    public void Every_gap_is_named_by_its_path()
    {
        var broken = Complete with
        {
            CaseNumber = null,
            Priority = null,
            Reviewer = new ReviewerCredentials { StatesOfLicensure = [], Specialties = ["Pain Management, Anesthesiology"] },
            ClinicalSummary = " ",
            Items = [Complete.Items[0] with { Rationale = "  ", ReviewerGuideline = "" }],
        };

        LetterCompleteness.Problems(broken).Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(
        [
            "caseNumber", "priority", "reviewer.statesOfLicensure", "reviewer.specialties", "clinicalSummary",
            "items[0].reviewerGuideline", "items[0].rationale",
        ]);
    }

    [Fact]
    public void Renderers_refuse_an_incomplete_letter()
    {
        var empty = Complete with { Items = [] };

        Should.Throw<ArgumentException>(() => new LetterPdfRenderer().Render(empty)).Message.ShouldContain("items");
        Should.Throw<ArgumentException>(() => new LetterTextRenderer().Render(empty)).Message.ShouldContain("items");
    }

    [Fact]
    public void The_older_layout_needs_no_case_number_or_priority()
    {
        var older = Complete with { Layout = LetterLayout.Narrative2013, CaseNumber = null, Priority = null, DecisionDate = null };

        LetterCompleteness.Problems(older).ShouldBeEmpty();
        new LetterTextParser().Parse(new LetterTextRenderer().Render(older)).ShouldMatchLetter(older);
    }
}
