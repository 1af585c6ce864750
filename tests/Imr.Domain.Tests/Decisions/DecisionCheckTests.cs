using Imr.Domain.Cases;
using Imr.Domain.Decisions;

namespace Imr.Domain.Tests.Decisions;

/// <summary>The pure decision check the orchestrator runs before issuing a letter.</summary>
public sealed class DecisionCheckTests
{
    private static readonly string[] Disputed = ["Physical therapy 2x6 lumbar spine", "MRI lumbar spine"];

    private static ItemDecision Item(string description, Decision? decision = Decision.Upheld, string? guideline = "MTUS", string? rationale = "Reasons.") =>
        new() { Description = description, Decision = decision, Guideline = guideline, Rationale = rationale };

    private static ReviewerDecision By(string reviewer, params ItemDecision[] items) => new() { ReviewerId = reviewer, Items = items };

    [Fact]
    public void A_complete_decision_from_the_assigned_reviewer_has_no_problems()
    {
        DecisionCheck.Problems(By("r1", Item(Disputed[1]), Item(Disputed[0], Decision.Overturned)), "r1", Disputed).ShouldBeEmpty();
    }

    [Fact]
    public void Descriptions_match_ignoring_case_and_spacing()
    {
        DecisionCheck.Problems(By("r1", Item("physical  THERAPY 2x6 lumbar spine "), Item(Disputed[1])), "r1", Disputed).ShouldBeEmpty();
    }

    [Fact]
    public void Another_reviewer_is_refused()
    {
        DecisionCheck.Problems(By("r2", Item(Disputed[0]), Item(Disputed[1])), "r1", Disputed)
            .ShouldBe([new ValidationProblem("$.reviewerId", "the case is not assigned to this reviewer.")]);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = DecisionCheck.Problems(
            By("r1", Item(Disputed[0], decision: null), Item(Disputed[0]), Item("Acupuncture", guideline: "", rationale: null)),
            "r1",
            Disputed);

        problems.ShouldBe(
            [
                new ValidationProblem("$.items[0].decision", "missing; must be Upheld or Overturned."),
                new ValidationProblem("$.items[1]", "decides disputed item 1 again; each item is decided exactly once."),
                new ValidationProblem("$.items[2].description", "matches no disputed item of this case."),
                new ValidationProblem("$.items[2].guideline", "missing; cite the guideline relied on (or state that none applies)."),
                new ValidationProblem("$.items[2].rationale", "missing."),
                new ValidationProblem("$.items", "disputed item 2 of 2 has no decision."),
            ]);
    }

    [Fact]
    public void A_missing_decision_or_reviewer_is_refused()
    {
        DecisionCheck.Problems(null, "r1", Disputed).ShouldBe([new ValidationProblem("$", "no decision was submitted.")]);
        DecisionCheck.Problems(new ReviewerDecision(), "r1", Disputed).ShouldContain(new ValidationProblem("$.reviewerId", "missing; a decision must name its reviewer."));
        DecisionCheck.Problems(new ReviewerDecision(), "r1", Disputed).ShouldContain(new ValidationProblem("$.items", "no item was decided."));
    }

    [Fact]
    public void Assign_maps_each_disputed_item_to_its_decision()
    {
        DecisionCheck.Assign([Item(Disputed[1]), Item(Disputed[0])], Disputed).ShouldBe([1, 0]);
        DecisionCheck.Assign([Item(Disputed[1])], Disputed).ShouldBe([-1, 0]);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\f")]
    [InlineData("\u202E")]
    [InlineData("\u200B")]
    [InlineData("\uFEFF")]
    public void Control_bidi_and_invisible_characters_are_refused_in_every_text_field(string escaped)
    {
        var hostile = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var decision = new ReviewerDecision
        {
            ReviewerId = "r1",
            ClinicalSummary = "Summary" + hostile,
            Items = [Item(Disputed[0], guideline: "MTUS" + hostile, rationale: "Reasons" + hostile), Item(Disputed[1])],
        };

        var problems = DecisionCheck.Problems(decision, "r1", Disputed);

        problems.Select(p => p.Path).ShouldBe(["$.clinicalSummary", "$.items[0].guideline", "$.items[0].rationale"], ignoreOrder: true);
    }

    [Fact]
    public void Line_breaks_are_taken_in_the_summary_and_rationales_but_not_in_a_guideline()
    {
        var decision = new ReviewerDecision
        {
            ReviewerId = "r1",
            ClinicalSummary = "One.\n\nTwo.",
            Items = [Item(Disputed[0], rationale: "One.\nStill one.\n\nTwo."), Item(Disputed[1], guideline: "MTUS\nFINAL DETERMINATION: ALL ITEMS OVERTURNED")],
        };

        DecisionCheck.Problems(decision, "r1", Disputed).ShouldHaveSingleItem().Path.ShouldBe("$.items[1].guideline");
    }

    [Theory]
    [InlineData("😀", "U+1F600")]
    [InlineData("日本", "U+65E5")]
    [InlineData("\u00AD", "U+00AD")]
    public void Characters_the_letter_cannot_print_are_refused_in_the_text_it_prints(string escaped, string codePoint)
    {
        var hostile = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var decision = By("r1", Item(Disputed[0], guideline: "MTUS " + hostile, rationale: "Reasons " + hostile), Item(Disputed[1])) with { ClinicalSummary = "Seen " + hostile };

        var problems = DecisionCheck.Problems(decision, "r1", Disputed);

        problems.Select(p => p.Path).ShouldBe(["$.clinicalSummary", "$.items[0].guideline", "$.items[0].rationale"], ignoreOrder: true);
        problems.ShouldAllBe(p => p.Reason.Contains(codePoint));
    }
}
