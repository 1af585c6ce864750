using Imr.Domain.Cases;

namespace Imr.Domain.Reviewers;

/// <summary>The outcome of choosing a reviewer: the one chosen (if any) and how every candidate was judged.</summary>
/// <param name="Chosen">The best eligible reviewer's evaluation, or null when nobody is eligible.</param>
/// <param name="Evaluations">Every candidate's evaluation, in candidate order.</param>
/// <param name="Specialties">The specialties the case needs.</param>
/// <param name="TableVersion">The specialty-fit table version used, to record with the assignment.</param>
public sealed record ReviewerChoice(
    ReviewerEvaluation? Chosen,
    IReadOnlyList<ReviewerEvaluation> Evaluations,
    CaseSpecialties Specialties,
    string TableVersion)
{
    /// <summary>The eligible candidates, best first.</summary>
    public IEnumerable<ReviewerEvaluation> Ranked => Evaluations.Where(e => e.IsEligible).Order(ReviewerRanking.Instance);
}

/// <summary>
/// Orders eligible reviewers, best first: an exact specialty fit before a similar one; then the lower load, where load
/// is caseload ÷ capacity (so a reviewer at 2 of 10 comes before one at 1 of 2); then the lower caseload; then the
/// reviewer id in ordinal order, so the choice is the same on every run and machine.
/// </summary>
public sealed class ReviewerRanking : IComparer<ReviewerEvaluation>
{
    /// <summary>The single instance.</summary>
    public static ReviewerRanking Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(ReviewerEvaluation? x, ReviewerEvaluation? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return 1;
        }

        if (y is null)
        {
            return -1;
        }

        var byFit = y.Fit.CompareTo(x.Fit);
        if (byFit != 0)
        {
            return byFit;
        }

        // Cross-multiplied so equal loads compare equal exactly (no floating point). Capacity is > 0 when eligible.
        var a = x.Reviewer;
        var b = y.Reviewer;
        var byLoad = ((long)a.CurrentCaseload * Math.Max(b.Capacity, 1)).CompareTo((long)b.CurrentCaseload * Math.Max(a.Capacity, 1));
        if (byLoad != 0)
        {
            return byLoad;
        }

        var byCaseload = a.CurrentCaseload.CompareTo(b.CurrentCaseload);
        return byCaseload != 0 ? byCaseload : string.CompareOrdinal(a.Id, b.Id);
    }
}

/// <summary>Chooses the reviewer for a case among candidates.</summary>
public static class ReviewerSelection
{
    /// <summary>
    /// Judges every candidate on <paramref name="on"/> and returns the best eligible one with all evaluations.
    /// One pass over the candidates; the rules share one <see cref="EligibilityContext"/>.
    /// </summary>
    public static ReviewerChoice Choose(
        CaseFile caseFile,
        IEnumerable<Reviewer> candidates,
        DateOnly on,
        IEnumerable<string>? previousReviewerIds = null,
        SpecialtyFitTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(candidates);
        var context = new EligibilityContext(caseFile, on, previousReviewerIds, table);
        var evaluations = new List<ReviewerEvaluation>(candidates.TryGetNonEnumeratedCount(out var n) ? n : 16);
        ReviewerEvaluation? best = null;
        foreach (var reviewer in candidates)
        {
            var evaluation = Eligibility.Evaluate(reviewer, context);
            evaluations.Add(evaluation);
            if (evaluation.IsEligible && (best is null || ReviewerRanking.Instance.Compare(evaluation, best) < 0))
            {
                best = evaluation;
            }
        }

        return new ReviewerChoice(best, evaluations, context.Specialties, context.Table.Version);
    }
}
