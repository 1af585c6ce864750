using System.Globalization;

namespace Imr.Domain.Input;

/// <summary>
/// The characters free text may hold before it can reach a letter. Refused everywhere: control characters (C0, DEL, C1),
/// bidirectional embeddings, overrides, isolates and marks, zero-width and other invisible characters, the Unicode line
/// and paragraph separators, and unpaired surrogates, since each can make a letter read differently from what is stored.
/// A tab is taken as a space. Multi-line fields (summaries, rationales) also take line feeds: "\n" within a paragraph, a
/// blank line between paragraphs.
/// </summary>
public static class FreeText
{
    /// <summary>Why <paramref name="text"/> cannot be taken as a single-line field's value, or null when it can; null text is left to the caller.</summary>
    public static string? SingleLineProblem(string? text) => Problem(text, lineBreaks: false);

    /// <summary>Why <paramref name="text"/> cannot be taken as a multi-line field's value, or null when it can; null text is left to the caller.</summary>
    public static string? MultiLineProblem(string? text) => Problem(text, lineBreaks: true);

    /// <summary>
    /// Why <paramref name="text"/> cannot be a one-line field that a letter prints (a description, a guideline, a
    /// specialty), or null: the checks of <see cref="SingleLineProblem"/>, then what the letter cannot print
    /// (<see cref="Letters.LetterText.PrintProblem"/>).
    /// </summary>
    public static string? LetterLineProblem(string? text) => SingleLineProblem(text) ?? Letters.LetterText.PrintProblem(text);

    /// <summary>Why <paramref name="text"/> cannot be a multi-line field that a letter prints (a summary, a rationale), or null.</summary>
    public static string? LetterParagraphsProblem(string? text) => MultiLineProblem(text) ?? Letters.LetterText.PrintProblem(text);

    /// <summary>True for a character no free text may hold (a line feed is judged by the field, not here; a tab is a space).</summary>
    public static bool IsRefused(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t')
        || c is '\u061C' or '\u180E' or '\u2028' or '\u2029' or '\uFEFF'
        || c is >= '\u200B' and <= '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2060' and <= '\u2069'
        || c is >= '\uFFF9' and <= '\uFFFB';

    private static string? Problem(string? text, bool lineBreaks)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return Invariant($"Character {i + 1} is half of a surrogate pair; the text is not valid Unicode.");
            }

            if (c == '\n')
            {
                if (!lineBreaks)
                {
                    return Invariant($"Character {i + 1} is a line break; this field is one line (line breaks are allowed only in summaries and rationales).");
                }

                continue;
            }

            if (IsRefused(c))
            {
                var what = char.IsControl(c)
                    ? c == '\r' ? "a carriage return (write line breaks as \\n alone)" : "a control character"
                    : "an invisible or text-direction character";
                return Invariant($"Character {i + 1} (U+{(int)c:X4}) is {what}; such characters could make the letter read differently from what is stored.");
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
