using System.Text;
using System.Text.Json.Serialization;
using Imr.Domain.Input;
using Imr.Domain.Cases;

namespace Imr.Domain.Reviewers;

/// <summary>How well a reviewer's specialty fits a case: "the same or similar specialties" (LC § 4610.6(e)).</summary>
[JsonConverter(typeof(StrictEnumConverter<SpecialtyFit>))]
public enum SpecialtyFit
{
    /// <summary>No current certification fits.</summary>
    None = 0,

    /// <summary>A similar specialty that evaluates or treats the condition.</summary>
    Similar = 1,

    /// <summary>The same specialty that usually treats the condition or provides the item.</summary>
    Exact = 2,
}

/// <summary>One row of the specialty-fit table: words in a case, and the specialties that fit them.</summary>
/// <param name="Topic">What the row is about, e.g. "Spine and neck".</param>
/// <param name="Keywords">Words or phrases matched as whole words in conditions and item descriptions.</param>
/// <param name="Exact">Specialties that are the same specialty for the topic.</param>
/// <param name="Similar">Specialties that are a similar specialty for the topic.</param>
public sealed record SpecialtyFitRow(string Topic, IReadOnlyList<string> Keywords, IReadOnlyList<string> Exact, IReadOnlyList<string> Similar);

/// <summary>The specialties a case needs, by fit; storage reads only reviewers certified in <see cref="All"/>.</summary>
/// <param name="Exact">Specialties that fit exactly (display names from the table).</param>
/// <param name="Similar">Specialties that fit as similar and not exactly.</param>
/// <param name="MatchedTopics">The table rows the case matched, for explaining a choice.</param>
public sealed record CaseSpecialties(IReadOnlyList<string> Exact, IReadOnlyList<string> Similar, IReadOnlyList<string> MatchedTopics)
{
    /// <summary>Every specialty that fits at all, exact first.</summary>
    public IEnumerable<string> All => Exact.Concat(Similar);
}

/// <summary>
/// A versioned table mapping conditions, body parts and disputed-item words to the specialties that fit them. It is
/// data, not logic: changing it means a new version, recorded with each assignment.
/// </summary>
public sealed class SpecialtyFitTable
{
    /// <summary>Creates a table.</summary>
    public SpecialtyFitTable(string version, IReadOnlyList<SpecialtyFitRow> rows)
    {
        Version = version;
        Rows = rows;
    }

    /// <summary>The table in force.</summary>
    public static SpecialtyFitTable Current { get; } = new("2026.1", SpecialtyFitRows.V2026_1);

    /// <summary>Version label, e.g. "2026.1".</summary>
    public string Version { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<SpecialtyFitRow> Rows { get; }

    /// <summary>The specialties that fit a case, from its conditions and its disputed items' descriptions.</summary>
    public CaseSpecialties SpecialtiesFor(CaseFile caseFile)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        var text = new StringBuilder(" ");
        foreach (var condition in caseFile.Conditions ?? [])
        {
            text.Append(NormalizeWords(condition)).Append(" | ");
        }

        foreach (var item in caseFile.DisputedItems ?? [])
        {
            text.Append(NormalizeWords(item?.Description)).Append(" | ");
        }

        var haystack = text.ToString();
        var exact = new List<string>();
        var similar = new List<string>();
        var topics = new List<string>();
        foreach (var row in Rows)
        {
            if (!row.Keywords.Any(k => haystack.Contains(" " + NormalizeWords(k) + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            topics.Add(row.Topic);
            AddNew(exact, row.Exact);
            AddNew(similar, row.Similar);
        }

        // A specialty exact for one topic is exact for the case, whatever another topic says.
        similar.RemoveAll(s => exact.Any(e => Specialty.Same(e, s)));
        return new CaseSpecialties(exact, similar, topics);
    }

    /// <summary>Lowercase letters and digits separated by single spaces, so keywords match whole words only.</summary>
    internal static string NormalizeWords(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    private static void AddNew(List<string> list, IEnumerable<string> specialties)
    {
        foreach (var s in specialties)
        {
            if (!list.Any(existing => Specialty.Same(existing, s)))
            {
                list.Add(s);
            }
        }
    }
}

/// <summary>Specialty names as letters and registries spell them, reduced to one key.</summary>
public static class Specialty
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["orthopaedic surgery"] = "orthopedic surgery",
        ["orthopedics"] = "orthopedic surgery",
        ["pain medicine"] = "pain management",
        ["physiatry"] = "physical medicine and rehabilitation",
        ["pm r"] = "physical medicine and rehabilitation",
        ["neurosurgery"] = "neurological surgery",
        ["preventive medicine occupational medicine"] = "occupational medicine",
        ["psychology"] = "clinical psychology",
    };

    /// <summary>
    /// The comparison key of a specialty name: lowercase words, "&amp;" read as "and", known aliases folded
    /// ("Orthopaedic Surgery" and "Orthopedic Surgery" are one key). Storage may use it as a partition or index key.
    /// </summary>
    public static string Key(string? name)
    {
        var words = SpecialtyFitTable.NormalizeWords(name?.Replace("&", " and ", StringComparison.Ordinal));
        return Aliases.TryGetValue(words, out var canonical) ? canonical : words;
    }

    /// <summary>Whether two names are the same specialty.</summary>
    public static bool Same(string? a, string? b) => Key(a) == Key(b);
}
