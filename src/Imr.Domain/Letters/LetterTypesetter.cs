using PdfSharp.Drawing;

namespace Imr.Domain.Letters;

/// <summary>A run of text on a line, at a horizontal position in points from the page's left edge.</summary>
internal sealed record TypesetRun(double X, string Text, bool Bold);

/// <summary>
/// One printed line; a line with no runs is a blank line. EndsBlock marks the last line of a block; StartsDelimitedBlock
/// marks the first line of a block a page may begin with (anything but a follow-on paragraph: its heading, label or place
/// shows where it starts, so the blank line lost at the page break is not needed to read it).
/// </summary>
internal sealed record TypesetLine(IReadOnlyList<TypesetRun> Runs, bool EndsBlock = false, bool StartsDelimitedBlock = false);

/// <summary>Breaks a letter's blocks into lines and pages with the PDF's own font metrics.</summary>
/// <remarks>
/// The text and PDF renderers share this layout, so the text output has the PDF's line and page breaks,
/// the way <c>pdftotext -layout</c> output of a letter does.
/// </remarks>
internal static class LetterTypesetter
{
    public const double PageWidth = 612; // US Letter, points
    public const double PageHeight = 792;
    public const double LeftMargin = 72;
    public const double RightMargin = 72;
    public const double TopMargin = 72;
    public const double LineHeight = 13.8;
    public const int LinesPerPage = 46;
    public const double TextWidth = PageWidth - LeftMargin - RightMargin;

    // Header-table columns (points), placed as in the published letters.
    private static readonly double[] HeaderColumns = [LeftMargin, LeftMargin + 108, LeftMargin + 263, LeftMargin + 366];

    public static IReadOnlyList<IReadOnlyList<TypesetLine>> Layout(IReadOnlyList<LetterBlock> blocks, LetterFonts fonts, LetterStructure structure)
    {
        var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var pages = new List<List<TypesetLine>> { new() };

        foreach (var block in blocks)
        {
            var lines = Lines(block, fonts, measure, structure);
            lines[0] = lines[0] with { StartsDelimitedBlock = block.Kind != LetterBlockKind.FollowOnParagraph };
            lines[^1] = lines[^1] with { EndsBlock = true };
            var page = pages[^1];

            // pdftotext shows no blank line at a page break, so a paragraph break that falls on one would vanish on reading.
            // Like widow control, carry the previous paragraph's last line(s) over so the page breaks inside a paragraph.
            if (block.Kind == LetterBlockKind.FollowOnParagraph && page.Count + 2 > LinesPerPage)
            {
                page = NewPageBreakingInsideParagraph(pages, LinesPerPage - 2);
            }

            // An item heading (with its decision) never splits across pages, so a reader can tell where it starts; and it
            // follows a blank line on its own page, so a reader never takes the end of the text before it for its first words.
            if (block.Kind == LetterBlockKind.ItemHeading && lines.Count < LinesPerPage && page.Count + 1 + lines.Count > LinesPerPage)
            {
                page = NewPageBreakingInsideParagraph(pages, LinesPerPage - 1 - lines.Count);
                if (page.Count > 0)
                {
                    page.Add(new TypesetLine([]));
                }
            }
            else if (block.BlankLineBefore && page.Count > 0)
            {
                if (page.Count >= LinesPerPage)
                {
                    page = NewPage(pages);
                }
                else
                {
                    page.Add(new TypesetLine([]));
                }
            }

            foreach (var line in lines)
            {
                if (page.Count >= LinesPerPage)
                {
                    page = NewPage(pages);
                }

                page.Add(line);
            }
        }

        foreach (var page in pages)
        {
            while (page.Count > 0 && page[^1].Runs.Count == 0)
            {
                page.RemoveAt(page.Count - 1);
            }
        }

        return pages.Where(p => p.Count > 0).ToList();
    }

    private static List<TypesetLine> NewPageBreakingInsideParagraph(List<List<TypesetLine>> pages, int maxCarried)
    {
        var last = pages[^1];
        while (last.Count > 0 && last[^1].Runs.Count == 0)
        {
            last.RemoveAt(last.Count - 1);
        }

        // Carry back to a safe break: after a line inside a multi-line block, or before a block that shows where it starts.
        // Without the second stop, a run of one-line blocks (heading, guideline lines, a one-line first rationale paragraph)
        // would reach the limit with nothing carried, and the paragraph break would fall on the page break and be lost. The
        // limit is what the new page can hold with the block that asked for it, since a rationale may be a run of one-line paragraphs.
        var carried = 0;
        while (carried < last.Count - 1 && carried < maxCarried && (last[^(carried + 1)].EndsBlock || last[^(carried + 1)].Runs.Count == 0))
        {
            carried++;
            if (last[^carried].StartsDelimitedBlock)
            {
                break;
            }
        }

        var page = NewPage(pages);
        if (carried < maxCarried && carried < last.Count - 1)
        {
            page.AddRange(last.GetRange(last.Count - carried, carried));
            last.RemoveRange(last.Count - carried, carried);
        }

        return page;
    }

    private static List<TypesetLine> NewPage(List<List<TypesetLine>> pages)
    {
        var last = pages[^1];
        while (last.Count > 0 && last[^1].Runs.Count == 0)
        {
            last.RemoveAt(last.Count - 1);
        }

        var page = new List<TypesetLine>();
        pages.Add(page);
        return page;
    }

    private static List<TypesetLine> Lines(LetterBlock block, LetterFonts fonts, XGraphics measure, LetterStructure structure)
    {
        if (block.SenderText && block.Kind is not LetterBlockKind.HeaderRow and not LetterBlockKind.Heading)
        {
            var bold = block.Kind == LetterBlockKind.ItemHeading;
            return WrapSenderText(block, bold ? fonts.Bold : fonts.Body, measure, structure)
                .Select(l => new TypesetLine([new TypesetRun(LeftMargin + (l.SetIn ? LetterStructure.SetInPoints : 0), l.Text, bold)]))
                .ToList();
        }

        switch (block.Kind)
        {
            case LetterBlockKind.HeaderRow:
                var runs = new List<TypesetRun>();
                for (var i = 0; i < block.Cells!.Count; i++)
                {
                    if (block.Cells[i].Length > 0)
                    {
                        runs.Add(new TypesetRun(HeaderColumns[i], block.Cells[i], i % 2 == 0));
                    }
                }

                return [new TypesetLine(runs)];
            case LetterBlockKind.Heading:
                var width = measure.MeasureString(block.Text, fonts.Bold).Width;
                return [new TypesetLine([new TypesetRun(LeftMargin + Math.Max(0, (TextWidth - width) / 2), block.Text, true)])];
            case LetterBlockKind.ItemHeading:
                return Wrap(block.Text, fonts.Bold, measure).Select(l => new TypesetLine([new TypesetRun(LeftMargin, l, true)])).ToList();
            default:
                return Wrap(block.Text, fonts.Body, measure).Select(l => new TypesetLine([new TypesetRun(LeftMargin, l, false)])).ToList();
        }
    }

    /// <summary>
    /// Breaks the sender's text so that no line reads as the letter's structure (<see cref="LetterStructure"/>): where a
    /// break would start a line with a label, or leave a line that reads as a heading, a decision or page furniture, the
    /// line breaks earlier. A line that still would (the first line of a paragraph that starts like a label, a one-line
    /// paragraph such as "Page 2") is set in, which a reader always takes as text.
    /// </summary>
    private static List<(string Text, bool SetIn)> WrapSenderText(LetterBlock block, XFont font, XGraphics measure, LetterStructure structure)
    {
        var words = block.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var space = measure.MeasureString("a a", font).Width - measure.MeasureString("aa", font).Width;
        var widths = words.Select(w => measure.MeasureString(w, font).Width).ToArray();
        var heading = block.Kind == LetterBlockKind.ItemHeading;
        var lines = new List<(string, bool)>();
        var i = 0;
        while (i < words.Length)
        {
            var first = lines.Count == 0;
            var greedy = i + 1;
            var width = widths[i];
            while (greedy < words.Length && width + space + widths[greedy] <= TextWidth)
            {
                width += space + widths[greedy++];
            }

            // Prefer the full line, or one word fewer where the paragraph goes on anyway; then the longest line that fits set
            // in. A line is never left to start like a label when an earlier break avoids it.
            (int End, bool SetIn)? chosen = null;
            for (var pass = 0; pass < 2 && chosen is null; pass++)
            {
                var shortest = pass == 1 ? i + 1 : greedy < words.Length ? greedy - 1 : greedy;
                for (var end = greedy; end > i && end >= shortest && chosen is null; end--)
                {
                    var text = string.Join(' ', words[i..end]);
                    var setIn = !(first && block.Label is not null) && structure.ReadsAsStructure(text, heading && end == words.Length);
                    var fits = !setIn || widths[i..end].Sum() + (space * (end - i - 1)) + LetterStructure.SetInPoints <= TextWidth || end == i + 1;
                    var nextStartsLikeLabel = end < words.Length && structure.StartsWithLabel(string.Join(' ', words[end..Math.Min(words.Length, end + 12)]));
                    if (fits && !nextStartsLikeLabel && (pass == 1 || !setIn))
                    {
                        chosen = (end, setIn);
                    }
                }
            }

            var (lineEnd, lineSetIn) = chosen ?? (greedy, !(first && block.Label is not null)
                && structure.ReadsAsStructure(string.Join(' ', words[i..greedy]), heading && greedy == words.Length));
            lines.Add((string.Join(' ', words[i..lineEnd]), lineSetIn));
            i = lineEnd;
        }

        if (lines.Count == 0)
        {
            lines.Add(("", false));
        }

        return lines;
    }

    /// <summary>The length of the first word of <paramref name="text"/> wider than a line in bold (the widest face), or null.</summary>
    public static int? WidestWord(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.All(w => w.Length < 30))
        {
            return null; // No glyph the letter prints is much wider than an em (12 points), so a word this short fits even set in.
        }

        var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var bold = LetterFonts.Create().Bold;
        var wide = words.FirstOrDefault(w => w.Length >= 30 && measure.MeasureString(w, bold).Width + LetterStructure.SetInPoints > TextWidth);
        return wide?.Length;
    }

    private static List<string> Wrap(string text, XFont font, XGraphics measure)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var space = measure.MeasureString("a a", font).Width - measure.MeasureString("aa", font).Width;
        var lines = new List<string>();
        var current = new List<string>();
        var currentWidth = 0.0;
        foreach (var word in words)
        {
            var wordWidth = measure.MeasureString(word, font).Width;
            var needed = current.Count == 0 ? wordWidth : currentWidth + space + wordWidth;
            if (current.Count > 0 && needed > TextWidth)
            {
                lines.Add(string.Join(' ', current));
                current.Clear();
                needed = wordWidth;
            }

            current.Add(word);
            currentWidth = needed;
        }

        if (current.Count > 0 || lines.Count == 0)
        {
            lines.Add(string.Join(' ', current));
        }

        return lines;
    }
}
