using System.Text.RegularExpressions;

namespace Imr.Console.Api;

/// <summary>
/// The reviewer's decision as the form holds it: one row per disputed item, each Upheld or Overturned with the guideline
/// and the rationale against the standards of medical necessity (LC § 4610.6(c)), checked here before it is sent and again by the server.
/// </summary>
internal sealed partial class DecisionForm
{
    /// <summary>The reviewer deciding: the signed-in one.</summary>
    public string ReviewerId { get; set; } = "";

    /// <summary>The optional clinical summary for the letter.</summary>
    public string ClinicalSummary { get; set; } = "";

    /// <summary>One row per disputed item, in the case's order.</summary>
    public List<DecisionRow> Items { get; } = [];

    /// <summary>Every problem with the form, keyed by the JSON path the server would name (<c>$.items[0].rationale</c>).</summary>
    public Dictionary<string, string> Validate()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(ReviewerId))
        {
            problems["$.reviewerId"] = "The reviewer id is required.";
        }

        for (var i = 0; i < Items.Count; i++)
        {
            var row = Items[i];
            if (row.Decision is not ("Upheld" or "Overturned"))
            {
                problems[$"$.items[{i}].decision"] = "Choose Upheld or Overturned.";
            }

            if (string.IsNullOrWhiteSpace(row.Guideline))
            {
                problems[$"$.items[{i}].guideline"] = "The guideline relied on is required.";
            }

            if (string.IsNullOrWhiteSpace(row.Rationale))
            {
                problems[$"$.items[{i}].rationale"] = "The rationale is required.";
            }
        }

        return problems;
    }

    /// <summary>The body of <c>POST /api/cases/{caseNumber}/decision</c>; the signed-in reviewer needs no assignment token.</summary>
    public object Body() => new
    {
        reviewerId = ReviewerId.Trim(),
        items = Items.Select(i => new { description = i.Description, decision = i.Decision, guideline = i.Guideline.Trim(), rationale = i.Rationale.Trim() }).ToList(),
        clinicalSummary = string.IsNullOrWhiteSpace(ClinicalSummary) ? null : ClinicalSummary.Trim(),
    };

    /// <summary>The form field a server problem's path names, or null for one the form has no field for (shown above the form).</summary>
    public static string? FieldFor(string path) => path switch
    {
        "$.reviewerId" or "$.clinicalSummary" => path,
        _ when ItemPath().IsMatch(path) => path,
        _ => null,
    };

    [GeneratedRegex(@"^\$\.items\[\d+\]\.(decision|guideline|rationale)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();
}

/// <summary>One disputed item's row of the decision form.</summary>
internal sealed class DecisionRow(string description)
{
    /// <summary>The disputed item, as the case names it.</summary>
    public string Description { get; } = description;

    /// <summary><c>Upheld</c>, <c>Overturned</c>, or empty until chosen.</summary>
    public string Decision { get; set; } = "";

    /// <summary>The guideline relied on (MTUS, ACOEM, ...).</summary>
    public string Guideline { get; set; } = "";

    /// <summary>Why.</summary>
    public string Rationale { get; set; } = "";
}
