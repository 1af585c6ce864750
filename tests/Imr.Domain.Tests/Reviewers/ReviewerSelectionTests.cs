using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;
using static Imr.Domain.Tests.Reviewers.ReviewerBuilder;

namespace Imr.Domain.Tests.Reviewers;

public class ReviewerSelectionTests
{
    private static ReviewerChoice Choose(params Reviewer[] candidates) =>
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On);

    private static IEnumerable<string> Ranked(params Reviewer[] candidates) =>
        ReviewerSelection.Rank(SeedCase.Load(), candidates, On).Select(e => e.Reviewer.Id);

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
        Reviewer[] candidates = [Eligible("R-a", caseload: 1, capacity: 4), Eligible("R-b", caseload: 3, capacity: 20)];
        var choice = Choose(candidates);

        choice.Chosen!.Reviewer.Id.ShouldBe("R-b");
        Ranked(candidates).ShouldBe(["R-b", "R-a"]);
    }

    [Fact]
    public void Equal_shares_prefer_the_smaller_caseload_then_the_ordinal_id()
    {
        Reviewer[] candidates =
        [
            Eligible("R-b", caseload: 2, capacity: 10),
            Eligible("R-a", caseload: 2, capacity: 10),
            Eligible("R-big", caseload: 4, capacity: 20),
            Eligible("R-Z", caseload: 2, capacity: 10),
        ];
        var choice = Choose(candidates);

        // Ordinal order: uppercase "R-Z" sorts before lowercase "R-a".
        Ranked(candidates).ShouldBe(["R-Z", "R-a", "R-b", "R-big"]);
        choice.Chosen!.Reviewer.Id.ShouldBe("R-Z");
    }

    [Fact]
    public void Cases_judged_against_the_same_loads_spread_over_reviewers_who_tie_exactly()
    {
        Reviewer[] tied = [.. Enumerable.Range(0, 5).Select(i => Eligible($"R-{i}", caseload: 3, capacity: 10))];
        var seed = SeedCase.Load();

        var chosen = Enumerable.Range(1, 200)
            .Select(n => ReviewerSelection.Choose(seed, tied, On, tieBreak: $"CM26-{n:0000000}").Chosen!.Reviewer.Id)
            .ToList();

        // Broken by id alone, all 200 would go to R-0. Keyed by the case, each of the five gets a fair share.
        var counts = chosen.CountBy(id => id).ToDictionary(p => p.Key, p => p.Value);
        counts.Keys.Order(StringComparer.Ordinal).ShouldBe(["R-0", "R-1", "R-2", "R-3", "R-4"]);
        counts.Values.ShouldAllBe(c => c >= 20 && c <= 70);
    }

    [Fact]
    public void A_case_always_gets_the_same_answer_to_a_tie_whatever_the_candidate_order()
    {
        Reviewer[] tied = [.. Enumerable.Range(0, 8).Select(i => Eligible($"R-{i}", caseload: 1, capacity: 5))];
        var seed = SeedCase.Load();

        var first = ReviewerSelection.Choose(seed, tied, On, tieBreak: "CM26-0000042");
        var reversed = ReviewerSelection.Choose(seed, tied.Reverse().ToArray(), On, tieBreak: "CM26-0000042");

        reversed.Chosen!.Reviewer.Id.ShouldBe(first.Chosen!.Reviewer.Id);
        var ranked = ReviewerSelection.Rank(seed, tied, On, tieBreak: "CM26-0000042").Select(e => e.Reviewer.Id).ToList();
        ReviewerSelection.Rank(seed, tied.Reverse().ToArray(), On, tieBreak: "CM26-0000042").Select(e => e.Reviewer.Id).ShouldBe(ranked);
        ranked[0].ShouldBe(first.Chosen.Reviewer.Id);
    }

    [Fact]
    public void The_tie_break_never_overrides_a_lower_load()
    {
        var seed = SeedCase.Load();
        Reviewer[] candidates = [Eligible("R-busy", caseload: 4, capacity: 10), Eligible("R-idle", caseload: 0, capacity: 10), Eligible("R-busier", caseload: 6, capacity: 10)];

        var chosen = Enumerable.Range(1, 50)
            .Select(n => ReviewerSelection.Choose(seed, candidates, On, tieBreak: $"CM26-{n:0000000}").Chosen!.Reviewer.Id)
            .Distinct()
            .ToList();

        chosen.ShouldBe(["R-idle"]);
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
        ReviewerSelection.Rank(SeedCase.Load(), Enumerable.Reverse(candidates), On).Select(e => e.Reviewer.Id)
            .ShouldBe(ReviewerSelection.Rank(SeedCase.Load(), candidates, On).Select(e => e.Reviewer.Id));
    }

    [Fact]
    public void Ineligible_reviewers_are_never_chosen_and_keep_their_reasons()
    {
        var choice = Choose(Eligible("R-full", caseload: 10, capacity: 10), Eligible("R-paused") with { Status = ReviewerStatus.Paused });

        choice.Chosen.ShouldBeNull();
        choice.Candidates.ShouldBe(2);
        choice.Refusals.ShouldBe([new(EligibilityReasonCodes.NotActive, 1), new(EligibilityReasonCodes.AtCapacity, 1)], ignoreOrder: true);
        var explained = ReviewerSelection.Explain(SeedCase.Load(), [Eligible("R-full", caseload: 10, capacity: 10), Eligible("R-paused") with { Status = ReviewerStatus.Paused }], On);
        explained.ShouldAllBe(e => e.Reasons.Count == 1);
        choice.TableVersion.ShouldBe(SpecialtyFitTable.Current.Version);
    }

    [Fact]
    public void A_reassignment_skips_the_previous_reviewer()
    {
        var candidates = new[] { Eligible("R-1", caseload: 0), Eligible("R-2", caseload: 5) };
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On).Chosen!.Reviewer.Id.ShouldBe("R-1");
        ReviewerSelection.Choose(SeedCase.Load(), candidates, On, previousReviewerIds: ["R-1"]).Chosen!.Reviewer.Id.ShouldBe("R-2");
    }

    [Fact]
    public void Choosing_among_10000_reviewers_allocates_under_100_KB_and_builds_no_reasons()
    {
        // Issue #21's target: the assignment path counts refusals by code; reasons are built only by Explain.
        var seed = SeedCase.Load();
        var reviewers = Enumerable.Range(0, 10_000).Select(i => Eligible(
                $"R-{i:00000}",
                specialty: i % 3 == 0 ? "Occupational Medicine" : i % 3 == 1 ? "Family Medicine" : "Dermatology",
                caseload: i % 12,
                capacity: 5 + (i % 10)) with
            {
                YearsInActivePractice = i % 7 == 0 ? 3 : 12,
                Affiliations = [new Affiliation { PartyId = i % 200 == 0 ? "FEIN-00-0000001" : $"X-{i}", Organization = "Some Group" }],
            })
            .ToList();
        ReviewerSelection.Choose(seed, reviewers, On);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var choice = ReviewerSelection.Choose(seed, reviewers, On);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        choice.Chosen.ShouldNotBeNull();
        choice.Refusals.Sum(r => r.Value).ShouldBeGreaterThan(5_000);
        allocated.ShouldBeLessThan(100_000);
    }
}
