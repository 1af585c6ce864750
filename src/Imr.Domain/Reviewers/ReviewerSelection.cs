using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Reviewers;

/// <summary>The outcome of choosing a reviewer: the one chosen (if any) and how many candidates each rule refused.</summary>
/// <param name="Chosen">The best eligible reviewer's evaluation, or null when nobody is eligible.</param>
/// <param name="Candidates">How many candidates were judged.</param>
/// <param name="Refusals">Refused candidates counted by the code of the first rule each failed, by code in ordinal order.</param>
/// <param name="Specialties">The specialties the case needs.</param>
/// <param name="TableVersion">The specialty-fit table version used, to record with the assignment.</param>
/// <param name="Ranking">The order the choice was made in (with the case's tie-break, if one was given).</param>
public sealed record ReviewerChoice(
    ReviewerEvaluation? Chosen,
    int Candidates,
    IReadOnlyList<KeyValuePair<string, int>> Refusals,
    CaseSpecialties Specialties,
    string TableVersion,
    ReviewerRanking? Ranking = null);

/// <summary>
/// Orders eligible reviewers, best first: an exact specialty fit before a similar one; then a California licensee
/// before one licensed elsewhere (LC § 139.5's preference; under the default policy every eligible reviewer holds a
/// California license, so it never decides); then the lower load, where load
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

        return Compare(x.Reviewer, x.Fit, x.CaliforniaLicensed, y.Reviewer, y.Fit, y.CaliforniaLicensed);
    }

    /// <summary>Compares two eligible reviewers given their fits and California licensure, without an evaluation for each.</summary>
    internal int Compare(Reviewer a, SpecialtyFit aFit, bool aCalifornia, Reviewer b, SpecialtyFit bFit, bool bCalifornia)
    {
        var byFit = ((int)bFit).CompareTo((int)aFit); // Enum.CompareTo(object) would box on every comparison.
        if (byFit != 0)
        {
            return byFit;
        }

        var byLicense = bCalifornia.CompareTo(aCalifornia);
        if (byLicense != 0)
        {
            return byLicense;
        }

        // Cross-multiplied so equal loads compare equal exactly (no floating point). Capacity is > 0 when eligible.
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

/// <summary>Chooses the reviewer for a case among candidates, and explains every candidate where someone asks.</summary>
public static class ReviewerSelection
{
    /// <summary>
    /// Judges every candidate on <paramref name="on"/> and returns the best eligible one. One pass over the candidates;
    /// the rules share one <see cref="EligibilityContext"/>, stop at a candidate's first refusal and build no reason text
    /// (the assignment path allocates only the result). Give the case number as <paramref name="tieBreak"/> so that cases
    /// judged against the same loads spread over reviewers who tie exactly. <see cref="Explain"/> gives every reason.
    /// </summary>
    public static ReviewerChoice Choose(
        CaseFile caseFile,
        IEnumerable<Reviewer> candidates,
        DateOnly on,
        IEnumerable<string>? previousReviewerIds = null,
        SpecialtyFitTable? table = null,
        string? tieBreak = null,
        StatutoryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(candidates);
        var context = new EligibilityContext(caseFile, on, previousReviewerIds, table, policy);
        var ranking = string.IsNullOrEmpty(tieBreak) ? ReviewerRanking.Instance : ReviewerRanking.For(tieBreak);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);
        Reviewer? best = null;
        var bestFit = SpecialtyFit.None;
        var bestCalifornia = false;
        var count = 0;
        if (candidates is IReadOnlyList<Reviewer> list)
        {
            // Indexed, so a 10,000-reviewer choice allocates no enumerator.
            for (var i = 0; i < list.Count; i++)
            {
                Judge(list[i]);
            }
        }
        else
        {
            foreach (var reviewer in candidates)
            {
                Judge(reviewer);
            }
        }

        var chosen = best is null ? null : new ReviewerEvaluation(best, [], bestFit, bestCalifornia);
        var tally = refusals.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new ReviewerChoice(chosen, count, tally, context.Specialties, context.Table.Version, ranking);

        void Judge(Reviewer reviewer)
        {
            count++;
            if (Eligibility.FirstRefusal(reviewer, context) is { } code)
            {
                refusals[code] = refusals.GetValueOrDefault(code) + 1;
                return;
            }

            var fit = BoardCertificationRule.BestCurrentFit(reviewer, context);
            var california = LicenseRule.HoldsCaliforniaLicense(reviewer, context);
            if (best is null || ranking.Compare(reviewer, fit, california, best, bestFit, bestCalifornia) < 0)
            {
                (best, bestFit, bestCalifornia) = (reviewer, fit, california);
            }
        }
    }

    /// <summary>
    /// Every candidate judged with every reason, in candidate order: the eligibility explanation, not the assignment path.
    /// </summary>
    public static IReadOnlyList<ReviewerEvaluation> Explain(
        CaseFile caseFile,
        IEnumerable<Reviewer> candidates,
        DateOnly on,
        IEnumerable<string>? previousReviewerIds = null,
        SpecialtyFitTable? table = null,
        StatutoryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(candidates);
        var context = new EligibilityContext(caseFile, on, previousReviewerIds, table, policy);
        return candidates.Select(r => Eligibility.Evaluate(r, context)).ToList();
    }

    /// <summary>The eligible candidates, best first, as <see cref="Choose"/> ranks them (its first is its choice).</summary>
    public static IReadOnlyList<ReviewerEvaluation> Rank(
        CaseFile caseFile,
        IEnumerable<Reviewer> candidates,
        DateOnly on,
        IEnumerable<string>? previousReviewerIds = null,
        SpecialtyFitTable? table = null,
        string? tieBreak = null,
        StatutoryPolicy? policy = null) =>
        Explain(caseFile, candidates, on, previousReviewerIds, table, policy)
            .Where(e => e.IsEligible)
            .Order(string.IsNullOrEmpty(tieBreak) ? ReviewerRanking.Instance : ReviewerRanking.For(tieBreak))
            .ToList();
}
