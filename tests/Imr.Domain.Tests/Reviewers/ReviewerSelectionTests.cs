using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;
using static Imr.Domain.Tests.Reviewers.ReviewerBuilder;

namespace Imr.Domain.Tests.Reviewers;

public class ReviewerSelectionTests
{
    private static ReviewerChoice Choose(params Reviewer[] candidates) =>
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On);

    [Fact]
    public void An_exact_fit_beats_a_similar_fit_even_with_a_higher_load()
    {
        var choice = Choose(
            Eligible("R-similar", specialty: "Family Medicine", caseload: 0),
            Eligible("R-exact", specialty: "Occupational Medicine", caseload: 8));

        choice.Chosen!.Reviewer.Id.ShouldBe("R-exact");
    }

    [Fact]
    public void Among_equal_fits_the_lower_load_wins_as_a_share_of_capacity()
    {
        // 3 of 20 (15%) beats 1 of 4 (25%), although 1 < 3.
        var choice = Choose(Eligible("R-a", caseload: 1, capacity: 4), Eligible("R-b", caseload: 3, capacity: 20));

        choice.Chosen!.Reviewer.Id.ShouldBe("R-b");
        choice.Ranked.Select(e => e.Reviewer.Id).ShouldBe(["R-b", "R-a"]);
    }

    [Fact]
    public void Equal_shares_prefer_the_smaller_caseload_then_the_ordinal_id()
    {
        var choice = Choose(
            Eligible("R-b", caseload: 2, capacity: 10),
            Eligible("R-a", caseload: 2, capacity: 10),
            Eligible("R-big", caseload: 4, capacity: 20),
            Eligible("R-Z", caseload: 2, capacity: 10));

        // Ordinal order: uppercase "R-Z" sorts before lowercase "R-a".
        choice.Ranked.Select(e => e.Reviewer.Id).ShouldBe(["R-Z", "R-a", "R-b", "R-big"]);
        choice.Chosen!.Reviewer.Id.ShouldBe("R-Z");
    }

    [Fact]
    public void The_choice_does_not_depend_on_candidate_order()
    {
        var candidates = Enumerable.Range(0, 50)
            .Select(i => Eligible($"R-{i:000}", specialty: i % 3 == 0 ? "Occupational Medicine" : "Family Medicine", caseload: i % 5, capacity: 5 + (i % 4)))
            .ToList();
        var forward = ReviewerSelection.Choose(SeedCase.Load(), candidates, On);
        var backward = ReviewerSelection.Choose(SeedCase.Load(), Enumerable.Reverse(candidates), On);

        backward.Chosen!.Reviewer.Id.ShouldBe(forward.Chosen!.Reviewer.Id);
        backward.Ranked.Select(e => e.Reviewer.Id).ShouldBe(forward.Ranked.Select(e => e.Reviewer.Id));
    }

    [Fact]
    public void Ineligible_reviewers_are_never_chosen_and_keep_their_reasons()
    {
        var choice = Choose(Eligible("R-full", caseload: 10, capacity: 10), Eligible("R-paused") with { Status = ReviewerStatus.Paused });

        choice.Chosen.ShouldBeNull();
        choice.Evaluations.Count.ShouldBe(2);
        choice.Evaluations.ShouldAllBe(e => e.Reasons.Count == 1);
        choice.TableVersion.ShouldBe(SpecialtyFitTable.Current.Version);
    }

    [Fact]
    public void A_reassignment_skips_the_previous_reviewer()
    {
        var candidates = new[] { Eligible("R-1", caseload: 0), Eligible("R-2", caseload: 5) };
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On).Chosen!.Reviewer.Id.ShouldBe("R-1");
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On, previousReviewerIds: ["R-1"]).Chosen!.Reviewer.Id.ShouldBe("R-2");
    }
}
