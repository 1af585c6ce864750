using System.Text.RegularExpressions;

namespace Imr.Domain.Letters;

/// <summary>
/// The lines a reader takes for the letter's structure rather than its text: section headings, field labels, item
/// decisions and page furniture. The parser reads by them; the typesetter keeps the sender's text from looking like them.
/// </summary>
/// <remarks>
/// A line set in by <see cref="SetInColumns"/> columns (a paragraph indent, well short of a centred heading) is always
/// text: the typesetter sets in any line of the sender's text it cannot otherwise keep from reading as structure.
/// </remarks>
internal sealed partial class LetterStructure
{
    /// <summary>Points a set-in line starts right of the margin (half an inch, about 7 columns of pdftotext -layout).</summary>
    public const double SetInPoints = 36;

    /// <summary>The indents, in leading spaces, that mark a set-in line; centred headings stand further in, body text at 0.</summary>
    public static readonly Range SetInColumns = 4..12;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private readonly string[] labels;
    private readonly Regex footer;

    public LetterStructure(LetterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
        labels =
        [
            template.ClaimsAdministratorGuidelineLabel, template.ReviewerGuidelineLabel, template.RationaleLabel,
            template.StatesOfLicensureLabel, template.SpecialtiesLabel,
        ];
        footer = FooterPattern(template);
    }

    public LetterTemplate Template { get; }

    /// <summary>True when the raw line (leading spaces kept) is set in: its leading spaces fall in <see cref="SetInColumns"/>.</summary>
    public static bool IsSetIn(string raw)
    {
        var spaces = raw.Length - raw.TrimStart(' ').Length;
        return spaces >= SetInColumns.Start.Value && spaces < SetInColumns.End.Value && spaces < raw.Length;
    }

    /// <summary>True for the text of a section heading (HOW THE IMR…, CLINICAL CASE SUMMARY, IMR ISSUES…).</summary>
    public static bool IsSectionHeading(string content) =>
        string.Equals(content, LetterHeadings.HowDeterminationWasMade, StringComparison.OrdinalIgnoreCase)
        || string.Equals(content, LetterHeadings.ClinicalCaseSummary, StringComparison.OrdinalIgnoreCase)
        || string.Equals(content, LetterHeadings.IssuesDecisionsAndRationales, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the line starts with one of the letter's field labels.</summary>
    public bool StartsWithLabel(string content) => labels.Any(label => content.StartsWith(label, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for running page furniture: the footer, a bare "Page n (of m)", or a line holding only a case number.</summary>
    public bool IsFurniture(string content) => footer.IsMatch(content);

    /// <summary>True when the line ends like an item heading (": Upheld") or holds only a decision word.</summary>
    public static bool EndsLikeDecision(string content) => DecisionAtEnd().IsMatch(content) || DecisionAlone().IsMatch(content);

    /// <summary>
    /// True when a line of the sender's text would be read as structure. The last line of an item heading ends in its
    /// decision by design, so that ending is allowed there.
    /// </summary>
    public bool ReadsAsStructure(string content, bool lastLineOfItemHeading) =>
        StartsWithLabel(content) || IsSectionHeading(content) || IsFurniture(content) || (!lastLineOfItemHeading && EndsLikeDecision(content));

    /// <summary>Collapses runs of white space to one space and trims.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static Regex FooterPattern(LetterTemplate template)
    {
        var left = PlaceholderPattern().Replace(Regex.Escape(Collapse(template.PageFooterCase)).Replace("\\ ", "\\s+", StringComparison.Ordinal), "\\S+");
        var right = PlaceholderPattern().Replace(Regex.Escape(Collapse(template.PageFooterNumber)).Replace("\\ ", "\\s+", StringComparison.Ordinal), "\\d+");
        // Our own footer, a bare "Page n (of m)", or a running header that is only a case number.
        return new Regex(
            $"^(?:(?:{left}\\s+)?(?:{right}|Page\\s+\\d+(?:\\s+of\\s+\\d+)?)|{left}|CM\\d{{2}}-\\d{{5,}})$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            RegexTimeout);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\\\{(\w+)}")]
    internal static partial Regex PlaceholderPattern();

    [GeneratedRegex(@":\s*(Upheld|Overturned)$", RegexOptions.IgnoreCase)]
    internal static partial Regex DecisionAtEnd();

    [GeneratedRegex(@"^(Upheld|Overturned)$", RegexOptions.IgnoreCase)]
    internal static partial Regex DecisionAlone();
}
