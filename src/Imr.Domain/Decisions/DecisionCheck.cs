using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Input;

namespace Imr.Domain.Decisions;

/// <summary>
/// Checks a submitted decision before a letter is built: it must come from the assigned reviewer and decide every
/// disputed item exactly once, each Upheld or Overturned with a guideline and a rationale. Pure and deterministic, so
/// the orchestrator runs it directly. Reasons name fields and item numbers, never clinical text.
/// </summary>
public static class DecisionCheck
{
    /// <summary>Every problem with the decision; empty when it can be issued.</summary>
    public static IReadOnlyList<ValidationProblem> Problems(ReviewerDecision? decision, string? assignedReviewerId, IReadOnlyList<string> disputedItems)
    {
        ArgumentNullException.ThrowIfNull(disputedItems);
        var problems = new List<ValidationProblem>();
        if (decision is null)
        {
            problems.Add(new ValidationProblem("$", "no decision was submitted."));
            return problems;
        }

        if (string.IsNullOrWhiteSpace(decision.ReviewerId))
        {
            problems.Add(new ValidationProblem("$.reviewerId", "missing; a decision must name its reviewer."));
        }
        else if (!string.Equals(decision.ReviewerId, assignedReviewerId, StringComparison.Ordinal))
        {
            problems.Add(new ValidationProblem("$.reviewerId", "the case is not assigned to this reviewer."));
        }

        Text(FreeText.SingleLineProblem(decision.ReviewerId), "$.reviewerId", problems);
        Text(FreeText.LetterParagraphsProblem(decision.ClinicalSummary), "$.clinicalSummary", problems);
        var decisions = decision.Items ?? [];
        if (decisions.Count == 0)
        {
            problems.Add(new ValidationProblem("$.items", "no item was decided."));
        }

        var byDisputed = Assign(decisions, disputedItems);
        var byDecision = Invert(byDisputed, decisions.Count);
        for (var i = 0; i < decisions.Count; i++)
        {
            var item = decisions[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"$.items[{i}]");
            if (item is null)
            {
                problems.Add(new ValidationProblem(at, "empty."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Description))
            {
                problems.Add(new ValidationProblem($"{at}.description", "missing; name the disputed item exactly as in the case file."));
            }
            else if (byDecision[i] < 0)
            {
                var first = FirstMatch(item.Description, disputedItems);
                problems.Add(first < 0
                    ? new ValidationProblem($"{at}.description", "matches no disputed item of this case.")
                    : new ValidationProblem(at, string.Create(CultureInfo.InvariantCulture, $"decides disputed item {first + 1} again; each item is decided exactly once.")));
            }

            if (item.Decision is null)
            {
                problems.Add(new ValidationProblem($"{at}.decision", "missing; must be Upheld or Overturned."));
            }
            else if (!Enum.IsDefined(item.Decision.Value))
            {
                problems.Add(new ValidationProblem($"{at}.decision", "must be Upheld or Overturned."));
            }

            if (string.IsNullOrWhiteSpace(item.Guideline))
            {
                problems.Add(new ValidationProblem($"{at}.guideline", "missing; cite the guideline relied on (or state that none applies)."));
            }

            if (string.IsNullOrWhiteSpace(item.Rationale))
            {
                problems.Add(new ValidationProblem($"{at}.rationale", "missing."));
            }

            // What reaches the letter: one line for the guideline, paragraphs for the rationale (the description only names
            // the case file's item, whose own text the letter prints).
            Text(FreeText.SingleLineProblem(item.Description), $"{at}.description", problems);
            Text(FreeText.LetterLineProblem(item.Guideline), $"{at}.guideline", problems);
            Text(FreeText.LetterParagraphsProblem(item.Rationale), $"{at}.rationale", problems);
        }

        for (var d = 0; d < disputedItems.Count; d++)
        {
            if (byDisputed[d] < 0)
            {
                // A disputed item left undecided is a problem of the items as a whole.
                problems.Add(new ValidationProblem("$.items", string.Create(CultureInfo.InvariantCulture, $"disputed item {d + 1} of {disputedItems.Count} has no decision.")));
            }
        }

        return problems;
    }

    private static void Text(string? why, string path, List<ValidationProblem> problems)
    {
        if (why is not null)
        {
            problems.Add(new ValidationProblem(path, why));
        }
    }

    /// <summary>
    /// For each disputed item (by index), the index of the decision item that decides it, or -1. Descriptions match
    /// ignoring case and runs of whitespace; a second decision for the same item stays unmatched.
    /// </summary>
    public static IReadOnlyList<int> Assign(IReadOnlyList<ItemDecision?> decisions, IReadOnlyList<string> disputedItems)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(disputedItems);
        var byDisputed = Enumerable.Repeat(-1, disputedItems.Count).ToArray();
        for (var i = 0; i < decisions.Count; i++)
        {
            if (decisions[i]?.Description is not { } description)
            {
                continue;
            }

            var folded = CaseFileValidator.FoldForComparison(description);
            for (var d = 0; d < disputedItems.Count; d++)
            {
                if (byDisputed[d] < 0 && CaseFileValidator.FoldForComparison(disputedItems[d]) == folded)
                {
                    byDisputed[d] = i;
                    break;
                }
            }
        }

        return byDisputed;
    }

    // For each decision item, the disputed item it decides, or -1.
    private static int[] Invert(IReadOnlyList<int> byDisputed, int decisionCount)
    {
        var result = Enumerable.Repeat(-1, decisionCount).ToArray();
        for (var d = 0; d < byDisputed.Count; d++)
        {
            if (byDisputed[d] >= 0)
            {
                result[byDisputed[d]] = d;
            }
        }

        return result;
    }

    private static int FirstMatch(string description, IReadOnlyList<string> disputedItems)
    {
        var folded = CaseFileValidator.FoldForComparison(description);
        for (var d = 0; d < disputedItems.Count; d++)
        {
            if (CaseFileValidator.FoldForComparison(disputedItems[d]) == folded)
            {
                return d;
            }
        }

        return -1;
    }
}
