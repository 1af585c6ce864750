using System.Globalization;

namespace Imr.Domain.Letters;

/// <summary>The kinds of block a letter is made of.</summary>
internal enum LetterBlockKind
{
    HeaderRow,
    Heading,
    Paragraph,

    /// <summary>A second or later paragraph of free text (summary, rationale): only a blank line separates it from the one before.</summary>
    FollowOnParagraph,
    ItemHeading,
}

/// <summary>One block of a letter before line breaking: a header-table row, a centred heading or a paragraph.</summary>
/// <remarks>Cells are set only for header rows: label, value, label, value.</remarks>
internal sealed record LetterBlock(LetterBlockKind Kind, string Text, bool BlankLineBefore, IReadOnlyList<string>? Cells = null)
{
    /// <summary>True when the block holds text from the case, the reviewer or the decision, which must never read as structure.</summary>
    public bool SenderText { get; init; }

    /// <summary>The field label the block starts with, if any; its first line is read as that label by design.</summary>
    public string? Label { get; init; }
}

/// <summary>Section headings; they are the letter's structure, so the parser keys on them too.</summary>
internal static class LetterHeadings
{
    public const string HowDeterminationWasMade = "HOW THE IMR FINAL DETERMINATION WAS MADE";
    public const string ClinicalCaseSummary = "CLINICAL CASE SUMMARY";
    public const string IssuesDecisionsAndRationales = "IMR ISSUES, DECISIONS AND RATIONALES";
}

/// <summary>Turns a letter model into the ordered blocks both renderers print, so text and PDF always agree.</summary>
internal static class LetterComposition
{
    public const string DateFormat = "MM/dd/yyyy";

    public static IReadOnlyList<LetterBlock> Compose(DeterminationLetter letter, LetterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(template);
        LetterCompleteness.EnsureComplete(letter);
        var blocks = new List<LetterBlock>();
        var organization = ("organization", template.OrganizationName);

        if (letter.Layout == LetterLayout.Tabular2016)
        {
            blocks.Add(Row("Case Number:", letter.CaseNumber ?? "", "", ""));
            blocks.Add(Row("Date Assigned:", Date(letter.DateAssigned), "Date of Injury:", Date(letter.DateOfInjury)));
            blocks.Add(Row("Decision Date:", Date(letter.DecisionDate), "UR Denial Date:", Date(letter.UrDenialDate)));
            blocks.Add(Row("Priority:", letter.Priority?.ToString() ?? "", "Application", Date(letter.ApplicationReceived)));
            blocks.Add(Row("", "", "Received:", ""));
            blocks.Add(new LetterBlock(LetterBlockKind.Heading, LetterHeadings.HowDeterminationWasMade, true));
            blocks.Add(Paragraph(LetterTemplate.Fill(template.HowDeterminationWasMade, organization), false));
            blocks.Add(Paragraph(template.CredentialsIntroduction, true));
            blocks.Add(Labelled(template.StatesOfLicensureLabel, string.Join(template.ListSeparator, letter.Reviewer.StatesOfLicensure), false));
            blocks.Add(Labelled(template.SpecialtiesLabel, string.Join(template.ListSeparator, letter.Reviewer.Specialties), false));
        }
        else
        {
            blocks.Add(new LetterBlock(LetterBlockKind.Heading, LetterHeadings.HowDeterminationWasMade, false));
            blocks.Add(Paragraph(
                LetterTemplate.Fill(
                    template.HowDeterminationWasMadeNarrative,
                    organization,
                    ("specialties", string.Join(template.ListSeparator, letter.Reviewer.Specialties)),
                    ("states", string.Join(template.ListSeparator, letter.Reviewer.StatesOfLicensure))),
                false));
        }

        blocks.Add(new LetterBlock(LetterBlockKind.Heading, LetterHeadings.ClinicalCaseSummary, true));
        blocks.Add(Paragraph(template.ClinicalSummaryIntroduction, false));
        foreach (var paragraph in Paragraphs(letter.ClinicalSummary))
        {
            blocks.Add(new LetterBlock(LetterBlockKind.FollowOnParagraph, paragraph, true) { SenderText = true });
        }

        blocks.Add(new LetterBlock(LetterBlockKind.Heading, LetterHeadings.IssuesDecisionsAndRationales, true));
        blocks.Add(Paragraph(template.IssuesIntroduction, false));
        foreach (var item in letter.Items)
        {
            blocks.Add(new LetterBlock(LetterBlockKind.ItemHeading, ItemHeading(item, template), true) { SenderText = true });
            blocks.Add(Labelled(template.ClaimsAdministratorGuidelineLabel, item.ClaimsAdministratorGuideline, true));
            blocks.Add(Labelled(template.ReviewerGuidelineLabel, item.ReviewerGuideline, true));
            var first = true;
            foreach (var paragraph in Paragraphs(item.Rationale))
            {
                blocks.Add(first
                    ? Labelled(template.RationaleLabel, paragraph, true)
                    : new LetterBlock(LetterBlockKind.FollowOnParagraph, paragraph, true) { SenderText = true });
                first = false;
            }

            if (first)
            {
                blocks.Add(Labelled(template.RationaleLabel, "", true));
            }
        }

        return blocks;
    }

    /// <summary>The item's heading line(s) up to and including ": Upheld|Overturned".</summary>
    public static string ItemHeading(LetterItem item, LetterTemplate template)
    {
        var subject = item.Description;
        if (item.Quantity is not null)
        {
            subject += " QTY:" + item.Quantity;
        }

        if (item.PartialRequest is { } partial)
        {
            var wording = partial.Wording == PartialRequestWording.RemainingPortion
                ? template.PartialRemainingPortionWording
                : template.PartialWholeRequestWording;
            subject = LetterTemplate.Fill(
                wording,
                ("original", partial.OriginalRequest),
                ("authorized", partial.AuthorizedPortion),
                ("remaining", subject));
        }

        return subject + ": " + item.Decision;
    }

    public static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0);

    private static LetterBlock Row(string label1, string value1, string label2, string value2) =>
        new(LetterBlockKind.HeaderRow, label1 + " " + value1 + " " + label2 + " " + value2, false, [label1, value1, label2, value2]);

    private static LetterBlock Paragraph(string text, bool blankBefore) => new(LetterBlockKind.Paragraph, text, blankBefore);

    // A label followed by the sender's text, which wraps under it.
    private static LetterBlock Labelled(string label, string text, bool blankBefore) =>
        new(LetterBlockKind.Paragraph, text.Length > 0 ? label + " " + text : label, blankBefore) { SenderText = true, Label = label };

    private static string Date(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";
}
