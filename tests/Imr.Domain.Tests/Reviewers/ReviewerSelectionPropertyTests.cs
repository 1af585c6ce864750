using CsCheck;
using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;
using static Imr.Domain.Tests.Reviewers.ReviewerBuilder;

namespace Imr.Domain.Tests.Reviewers;

/// <summary>The choice is the documented order, whatever the registry holds and in whatever order it comes.</summary>
public class ReviewerSelectionPropertyTests
{
    private static readonly string[] Specialties = ["Occupational Medicine", "Family Medicine", "Dermatology", "Orthopaedic Surgery"];

    private static readonly Gen<Reviewer> Reviewers =
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, Specialties.Length - 1], Gen.Int[0, 12], Gen.Int[0, 12], Gen.Int[0, 9])
            .Select((id, specialty, caseload, capacity, flaw) => Eligible($"R-{id:000}", Specialties[specialty], caseload, capacity) with
            {
                YearsInActivePractice = flaw == 0 ? 4 : 12,
                Status = flaw == 1 ? ReviewerStatus.Paused : ReviewerStatus.Active,
            });

    [Fact]
    public void Chooses_the_first_of_the_documented_order_and_ignores_candidate_order()
    {
        var seed = SeedCase.Load();
        Gen.Select(Reviewers.Array[0, 40], Gen.Int)
            .Sample((candidates, shuffleSeed) =>
            {
                var distinct = candidates.DistinctBy(r => r.Id).ToArray();
                var choice = ReviewerSelection.Choose(seed, distinct, On);
                var random = new Random(shuffleSeed);
                var shuffled = distinct.OrderBy(_ => random.Next()).ToArray();
                var again = ReviewerSelection.Choose(seed, shuffled, On);

                // The documented order, written independently: fit, then load share, then caseload, then ordinal id.
                var explained = ReviewerSelection.Explain(seed, distinct, On);
                var expected = explained.Where(e => e.IsEligible)
                    .OrderByDescending(e => e.Fit)
                    .ThenBy(e => (decimal)e.Reviewer.CurrentCaseload / e.Reviewer.Capacity)
                    .ThenBy(e => e.Reviewer.CurrentCaseload)
                    .ThenBy(e => e.Reviewer.Id, StringComparer.Ordinal)
                    .Select(e => e.Reviewer.Id)
                    .ToList();

                ReviewerSelection.Rank(seed, distinct, On).Select(e => e.Reviewer.Id).ShouldBe(expected);
                choice.Chosen?.Reviewer.Id.ShouldBe(expected.FirstOrDefault());
                again.Chosen?.Reviewer.Id.ShouldBe(choice.Chosen?.Reviewer.Id);
                (again.Chosen is null).ShouldBe(choice.Chosen is null);
                choice.Candidates.ShouldBe(distinct.Length);
                explained.Where(e => !e.IsEligible).ShouldAllBe(e => e.Reasons.All(r => r.Code.Length > 0 && r.Message.Length > 0));

                // The assignment path's first refusal is always one the explanation gives, so every count is explainable.
                var context = new EligibilityContext(seed, On);
                explained.ShouldAllBe(e => e.IsEligible
                    ? Eligibility.FirstRefusal(e.Reviewer, context) == null
                    : e.Reasons.Any(r => r.Code == Eligibility.FirstRefusal(e.Reviewer, context)));
                choice.Refusals.Sum(r => r.Value).ShouldBe(explained.Count(e => !e.IsEligible));
            }, iter: 500);
    }
}
