namespace Imr.Domain.Letters;

/// <summary>What a letter must hold before it can be issued; renderers refuse a letter with any of these problems.</summary>
public static class LetterCompleteness
{
    /// <summary>Every missing or malformed field, each named by its JSON path and the reason; empty when the letter is complete.</summary>
    public static IReadOnlyList<string> Problems(DeterminationLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var problems = new List<string>();
        if (letter.Layout == LetterLayout.Tabular2016)
        {
            if (string.IsNullOrWhiteSpace(letter.CaseNumber))
            {
                problems.Add("caseNumber: required in the Tabular2016 layout");
            }
            else if (letter.CaseNumber.Any(char.IsWhiteSpace))
            {
                problems.Add("caseNumber: must not contain spaces");
            }

            if (letter.Priority is null)
            {
                problems.Add("priority: required (Standard or Expedited) in the Tabular2016 layout");
            }
        }

        if (letter.Reviewer is null)
        {
            problems.Add("reviewer: required");
        }
        else
        {
            List(problems, "reviewer.statesOfLicensure", letter.Reviewer.StatesOfLicensure);
            List(problems, "reviewer.specialties", letter.Reviewer.Specialties);
        }

        Text(problems, "clinicalSummary", letter.ClinicalSummary);
        if (letter.Items is null || letter.Items.Count == 0)
        {
            problems.Add("items: at least one disputed item is required");
        }
        else
        {
            for (var i = 0; i < letter.Items.Count; i++)
            {
                var item = letter.Items[i];
                var at = $"items[{i}]";
                if (item is null)
                {
                    problems.Add(at + ": must not be null");
                    continue;
                }

                Text(problems, at + ".description", item.Description);
                Text(problems, at + ".claimsAdministratorGuideline", item.ClaimsAdministratorGuideline);
                Text(problems, at + ".reviewerGuideline", item.ReviewerGuideline);
                Text(problems, at + ".rationale", item.Rationale);
                if (!Enum.IsDefined(item.Decision))
                {
                    problems.Add(at + ".decision: must be Upheld or Overturned");
                }

                if (item.PartialRequest is { } partial)
                {
                    Text(problems, at + ".partialRequest.originalRequest", partial.OriginalRequest);
                    Text(problems, at + ".partialRequest.authorizedPortion", partial.AuthorizedPortion);
                }

                if (item.Quantity is { } quantity && !(quantity.Length > 0 && quantity.All(c => char.IsAsciiDigit(c) || c == '.')))
                {
                    problems.Add(at + ".quantity: must be a number such as 1.00");
                }
            }
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the letter is incomplete.</summary>
    public static void EnsureComplete(DeterminationLetter letter)
    {
        var problems = Problems(letter);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The letter is incomplete: " + string.Join("; ", problems), nameof(letter));
        }
    }

    private static void Text(List<string> problems, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(field + ": required text is empty");
        }
    }

    private static void List(List<string> problems, string field, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(field + ": at least one non-empty entry is required");
        }
        else if (values.Any(v => v.Contains(',', StringComparison.Ordinal)))
        {
            problems.Add(field + ": an entry must not contain a comma (the letter separates entries with commas)");
        }
    }
}
