using System.Globalization;
using System.Text;

namespace Imr.Domain.Letters;

/// <summary>
/// The text a letter can print, and the form it prints it in. A one-line field prints with runs of white space as one
/// space and none at either end; a summary or rationale as paragraphs (split at blank lines, each one line of single-spaced
/// words) joined by a blank line; an item description ending in "QTY: n" as that description with the quantity n, the way
/// the letters print quantities. A letter whose text is in this form reads back from its rendering exactly.
/// </summary>
public static class LetterText
{
    /// <summary>The punctuation and symbols outside Latin-1 that the letter font prints (and a reader reads back).</summary>
    public const string Punctuation = "\u2010\u2012\u2013\u2014\u2015\u2018\u2019\u201A\u201C\u201D\u201E\u2020\u2021\u2022\u2026\u2030\u2032\u2033\u2039\u203A"
        + "\u20AC\u2122\u2116\u2190\u2191\u2192\u2193\u2212\u2248\u2260\u2264\u2265\u221E";

    /// <summary>The letter with every free-text field in the form a letter prints it.</summary>
    public static DeterminationLetter Normalize(DeterminationLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return letter with
        {
            Reviewer = letter.Reviewer with
            {
                StatesOfLicensure = [.. letter.Reviewer.StatesOfLicensure.Select(Line)],
                Specialties = [.. letter.Reviewer.Specialties.Select(Line)],
            },
            ClinicalSummary = Paragraphs(letter.ClinicalSummary),
            Items = [.. letter.Items.Select(Normalize)],
        };
    }

    /// <summary>One line: runs of white space as one space, trimmed.</summary>
    public static string Line(string text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Paragraphs split at blank lines, each one line, joined by a blank line.</summary>
    public static string Paragraphs(string text) => string.Join("\n\n", LetterComposition.Paragraphs(text ?? ""));

    /// <summary>True for a character the letter prints: Latin-1 (but the soft hyphen), Latin Extended-A, the Greek letters and <see cref="Punctuation"/>.</summary>
    public static bool IsPrintable(int codePoint) =>
        codePoint is (>= 0x20 and <= 0x7E) or (>= 0xA0 and <= 0x17F and not 0xAD) or (>= 0x391 and <= 0x3A9 and not 0x3A2) or (>= 0x3B1 and <= 0x3C9)
        || (codePoint <= 0xFFFF && Punctuation.Contains((char)codePoint, StringComparison.Ordinal));

    /// <summary>
    /// Why <paramref name="text"/> cannot be printed in a letter, or null when it can: a character outside the letter's
    /// repertoire (<see cref="IsPrintable"/>; line breaks and tabs are left to <see cref="Input.FreeText"/>), or a word wider
    /// than a line of the letter. Null text is left to the caller.
    /// </summary>
    public static string? PrintProblem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            position++;
            if (rune.Value is not '\n' and not '\t' && !IsPrintable(rune.Value) && !Rune.IsWhiteSpace(rune))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Character {position} (U+{rune.Value:X4}) cannot be printed in a letter; letter text is Latin-1, Latin Extended-A, Greek letters and common punctuation (see docs/api.md, Free text).");
            }

            if (Rune.IsWhiteSpace(rune) && rune.Value is not ' ' and not '\n' and not '\t' and not 0xA0)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Character {position} (U+{rune.Value:X4}) is a space the letter does not print; use a plain space.");
            }
        }

        return LetterTypesetter.WidestWord(text) is { } wide
            ? string.Create(CultureInfo.InvariantCulture, $"A word of {wide} characters is wider than a line of the letter (6.5 inches); break it with spaces.")
            : null;
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot stand in an item's heading (its description, or a partial request's original or
    /// authorized part), or null: it may not use the heading's own partial-request wording, which would make the heading
    /// read as another request.
    /// </summary>
    public static string? ItemHeadingProblem(string? text)
    {
        var folded = Line(text ?? "");
        foreach (var wording in HeadingWordings)
        {
            if (folded.Contains(wording, StringComparison.OrdinalIgnoreCase))
            {
                return $"The text uses the letter's own partial-request wording ('{wording}'), which would make the item's heading read as another request.";
            }
        }

        return null;
    }

    private static readonly string[] HeadingWordings = ["was the original request.", "was authorized by the Claims Administrator.", "leaving the original request IMR eligible."];

    private static LetterItem Normalize(LetterItem item)
    {
        var description = Line(item.Description);
        var quantity = item.Quantity;
        if (quantity is null)
        {
            (description, quantity) = LetterTextParser.SplitQuantity(description);
        }

        return item with
        {
            Description = description,
            Quantity = quantity,
            ClaimsAdministratorGuideline = Line(item.ClaimsAdministratorGuideline),
            ReviewerGuideline = Line(item.ReviewerGuideline),
            Rationale = Paragraphs(item.Rationale),
            PartialRequest = item.PartialRequest is { } partial
                ? partial with { OriginalRequest = Line(partial.OriginalRequest), AuthorizedPortion = Line(partial.AuthorizedPortion) }
                : null,
        };
    }
}
