using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Input;

namespace Imr.Domain.Reviewers;

/// <summary>
/// Checks a reviewer profile as submitted and returns every problem with its JSON path. A list or object given as null,
/// or holding null, is refused here: eligibility and the registry read every element, so a null would fail them later.
/// </summary>
public static class ReviewerProfileValidator
{
    /// <summary>Why a text cannot be a reviewer id (it is a table key), or null when it can.</summary>
    public static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? "A reviewer id is 1 to 64 letters, digits, '-', '_' or '.'."
            : null;

    /// <summary>Every problem with the profile; empty when it may be stored.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(Reviewer reviewer)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        var problems = new List<ValidationProblem>();
        if (IdProblem(reviewer.Id) is { } idProblem)
        {
            problems.Add(new("$.id", idProblem));
        }

        if (string.IsNullOrWhiteSpace(reviewer.Name))
        {
            problems.Add(new("$.name", "The name is required."));
        }
        else
        {
            Text(reviewer.Name, "$.name", problems);
        }

        Each(reviewer.Licenses, "$.licenses", problems, (license, path) =>
        {
            if (license.State is not { Length: 2 } || !license.State.All(char.IsAsciiLetterUpper))
            {
                problems.Add(new(path + ".state", "A two-letter upper-case state code is required, e.g. \"CA\"."));
            }

            NotNullText(license.Number, path + ".number", problems);
        });

        Each(reviewer.Certifications, "$.certifications", problems, (certification, path) =>
        {
            if (string.IsNullOrWhiteSpace(certification.Specialty))
            {
                problems.Add(new(path + ".specialty", "The specialty is required."));
            }
            else if (FreeText.LetterLineProblem(certification.Specialty) is { } why)
            {
                problems.Add(new(path + ".specialty", why));
            }
            else if (certification.Specialty.Contains(',', StringComparison.Ordinal))
            {
                // The letter lists a reviewer's specialties separated by commas; a comma inside one would read as two.
                problems.Add(new(path + ".specialty", "A specialty cannot hold a comma: the letter lists specialties separated by commas."));
            }

            NotNullText(certification.Board, path + ".board", problems);
        });

        Each(reviewer.Affiliations, "$.affiliations", problems, (affiliation, path) =>
        {
            NotNullText(affiliation.PartyId, path + ".partyId", problems);
            NotNullText(affiliation.Organization, path + ".organization", problems);
        });

        if (reviewer.YearsInActivePractice is < 0 or > 80)
        {
            problems.Add(new("$.yearsInActivePractice", "Expected 0 to 80."));
        }

        if (reviewer.ClinicalHoursPerWeek is < 0 or > 168)
        {
            problems.Add(new("$.clinicalHoursPerWeek", "Expected 0 to 168."));
        }

        if (reviewer.Capacity is < 0 or > 10_000)
        {
            problems.Add(new("$.capacity", "Expected 0 to 10000."));
        }

        if (!Enum.IsDefined(reviewer.Status))
        {
            problems.Add(new("$.status", StrictEnum.Expected<ReviewerStatus>()));
        }

        return problems;
    }

    // A list the reader set to null (JSON null) or that holds null; each present element is checked by check.
    private static void Each<T>(IReadOnlyList<T?>? list, string path, List<ValidationProblem> problems, Action<T, string> check)
        where T : class
    {
        if (list is null)
        {
            problems.Add(new(path, "Expected an array (possibly empty), not null."));
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (list[i] is { } element)
            {
                check(element, at);
            }
            else
            {
                problems.Add(new(at, "Expected an object, not null."));
            }
        }
    }

    private static void NotNullText(string? text, string path, List<ValidationProblem> problems)
    {
        if (text is null)
        {
            problems.Add(new(path, "Expected a string (possibly empty), not null; leave the property out instead."));
            return;
        }

        Text(text, path, problems);
    }

    private static void Text(string text, string path, List<ValidationProblem> problems)
    {
        if (FreeText.SingleLineProblem(text) is { } why)
        {
            problems.Add(new(path, why));
        }
    }
}
