using Imr.Domain.Cases;

namespace Imr.Domain.Reviewers;

/// <summary>The outcome of choosing a reviewer: the one chosen (if any) and how every candidate was judged.</summary>
/// <param name="Chosen">The best eligible reviewer's evaluation, or null when nobody is eligible.</param>
/// <param name="Evaluations">Every candidate's evaluation, in candidate order.</param>
/// <param name="Specialties">The specialties the case needs.</param>
/// <param name="TableVersion">The specialty-fit table version used, to record with the assignment.</param>
/// <param name="Ranking">The order the choice was made in (with the case's tie-break, if one was given).</param>
public sealed record ReviewerChoice(
    ReviewerEvaluation? Chosen,
    IReadOnlyList<ReviewerEvaluation> Evaluations,
    CaseSpecialties Specialties,
    string TableVersion,
    ReviewerRanking? Ranking = null)
{
    /// <summary>The eligible candidates, best first.</summary>
    public IEnumerable<ReviewerEvaluation> Ranked => Evaluations.Where(e => e.IsEligible).Order(Ranking ?? ReviewerRanking.Instance);
}

/// <summary>
/// Orders eligible reviewers, best first: an exact specialty fit before a similar one; then the lower load, where load
/// is caseload ÷ capacity (so a reviewer at 2 of 10 comes before one at 1 of 2); then the lower caseload; then, with a
/// tie-break key (the case number), a stable hash of the key and the reviewer id; then the reviewer id in ordinal order.
/// The choice is the same on every run and machine.
/// </summary>
/// <remarks>
/// Why the keyed tie-break: cases submitted together are judged against the same loads, because none of their
/// assignments has landed yet. Broken by id alone, every such case would go to the same reviewer. Keyed by the case,
/// exact ties spread over the tied reviewers, and each case still always gets the same answer.
/// </remarks>
public sealed class ReviewerRanking : IComparer<ReviewerEvaluation>
{
    private readonly string? _tieBreak;

    private ReviewerRanking(string? tieBreak) => _tieBreak = tieBreak;

    /// <summary>The ranking without a tie-break key: exact ties go by ordinal id.</summary>
    public static ReviewerRanking Instance { get; } = new(null);

    /// <summary>The ranking for one case: exact ties go by a stable hash of <paramref name="tieBreak"/> and the reviewer id.</summary>
    public static ReviewerRanking For(string tieBreak)
    {
        ArgumentException.ThrowIfNullOrEmpty(tieBreak);
        return new ReviewerRanking(tieBreak);
    }

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
        if (byCaseload != 0)
        {
            return byCaseload;
        }

        if (_tieBreak is not null)
        {
            var byHash = TieHash(_tieBreak, a.Id).CompareTo(TieHash(_tieBreak, b.Id));
            if (byHash != 0)
            {
                return byHash;
            }
        }

        return string.CompareOrdinal(a.Id, b.Id);
    }

    // FNV-1a over both strings, then a finalizer: fixed, so every process and machine ranks a case's ties alike (string.GetHashCode is
    // randomized per process).
    private static ulong TieHash(string key, string reviewerId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ 0xFFFF) * 1099511628211UL;
        foreach (var c in reviewerId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // FNV-1a barely mixes the last characters into the high bits, and ids often differ only there: finish with an
        // avalanche (the MurmurHash3 64-bit finalizer) so the order of tied reviewers really changes from case to case.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return hash;
    }
}

/// <summary>Chooses the reviewer for a case among candidates.</summary>
public static class ReviewerSelection
{
    /// <summary>
    /// Judges every candidate on <paramref name="on"/> and returns the best eligible one with all evaluations.
    /// One pass over the candidates; the rules share one <see cref="EligibilityContext"/>. Give the case number as
    /// <paramref name="tieBreak"/> so that cases judged against the same loads spread over reviewers who tie exactly.
    /// </summary>
    public static ReviewerChoice Choose(
        CaseFile caseFile,
        IEnumerable<Reviewer> candidates,
        DateOnly on,
        IEnumerable<string>? previousReviewerIds = null,
        SpecialtyFitTable? table = null,
        string? tieBreak = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(candidates);
        var context = new EligibilityContext(caseFile, on, previousReviewerIds, table);
        var evaluations = new List<ReviewerEvaluation>(candidates.TryGetNonEnumeratedCount(out var n) ? n : 16);
        var ranking = string.IsNullOrEmpty(tieBreak) ? ReviewerRanking.Instance : ReviewerRanking.For(tieBreak);
        ReviewerEvaluation? best = null;
        foreach (var reviewer in candidates)
        {
            var evaluation = Eligibility.Evaluate(reviewer, context);
            evaluations.Add(evaluation);
            if (evaluation.IsEligible && (best is null || ranking.Compare(evaluation, best) < 0))
            {
                best = evaluation;
            }
        }

        return new ReviewerChoice(best, evaluations, context.Specialties, context.Table.Version, ranking);
    }
}
