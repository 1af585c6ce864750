namespace Imr.Domain.Letters;

/// <summary>One MTUS guideline a reviewer relied on, e.g. "Shoulder Complaints 2004" with section "Special Studies".</summary>
public sealed record MtusCitation(string Guideline, string? Section = null);

/// <summary>Writes a reviewer guideline in one of the three wordings the published letters use, for letters built from a case.</summary>
public static class ReviewerGuidelineWording
{
    /// <summary>"Decision based on MTUS X, Section(s): Y[, and …]." optionally followed by a Non-MTUS citation.</summary>
    public static string Mtus(IReadOnlyList<MtusCitation> citations, string? nonMtusCitation = null, LetterTemplate? template = null)
    {
        ArgumentNullException.ThrowIfNull(citations);
        if (citations.Count == 0)
        {
            throw new ArgumentException("At least one MTUS citation is required; use OutsideMtus or NoEvidenceCited otherwise.", nameof(citations));
        }

        template ??= LetterTemplate.Default;
        var cited = string.Join(", and ", citations.Select(c => string.IsNullOrWhiteSpace(c.Section) ? c.Guideline : $"{c.Guideline}, Section(s): {c.Section}"));
        var text = LetterTemplate.Fill(template.MtusGuidelineWording, ("citations", TrimStop(cited)));
        return nonMtusCitation is null ? text : text + " " + NonMtus(nonMtusCitation, template);
    }

    /// <summary>"The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation X."</summary>
    public static string OutsideMtus(string citation, LetterTemplate? template = null)
    {
        template ??= LetterTemplate.Default;
        return template.OutsideMtusWording + " " + NonMtus(citation, template);
    }

    /// <summary>"The Expert Reviewer did not cite any medical evidence for its decision."</summary>
    public static string NoEvidenceCited(LetterTemplate? template = null) => (template ?? LetterTemplate.Default).NoEvidenceCitedWording;

    private static string NonMtus(string citation, LetterTemplate template)
    {
        if (string.IsNullOrWhiteSpace(citation))
        {
            throw new ArgumentException("The Non-MTUS citation is empty.", nameof(citation));
        }

        return LetterTemplate.Fill(template.NonMtusCitationWording, ("citation", TrimStop(citation.Trim())));
    }

    private static string TrimStop(string text) => text.EndsWith('.') ? text[..^1] : text;
}
