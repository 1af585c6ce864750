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

    public static IReadOnlyList<IReadOnlyList<TypesetLine>> Layout(IReadOnlyList<LetterBlock> blocks, LetterFonts fonts)
    {
        var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var pages = new List<List<TypesetLine>> { new() };

        foreach (var block in blocks)
        {
            var lines = Lines(block, fonts, measure);
            lines[0] = lines[0] with { StartsDelimitedBlock = block.Kind != LetterBlockKind.FollowOnParagraph };
            lines[^1] = lines[^1] with { EndsBlock = true };
            var page = pages[^1];

            // pdftotext shows no blank line at a page break, so a paragraph break that falls on one would vanish on reading.
            // Like widow control, carry the previous paragraph's last line(s) over so the page breaks inside a paragraph.
            if (block.Kind == LetterBlockKind.FollowOnParagraph && page.Count + 2 > LinesPerPage)
            {
                page = NewPageBreakingInsideParagraph(pages);
            }

            if (block.BlankLineBefore && page.Count > 0)
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

            // An item heading (with its decision) never splits across pages, so a reader can tell where it starts.
            if (block.Kind == LetterBlockKind.ItemHeading && lines.Count <= LinesPerPage && page.Count + lines.Count > LinesPerPage)
            {
                page = NewPage(pages);
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

    private static List<TypesetLine> NewPageBreakingInsideParagraph(List<List<TypesetLine>> pages)
    {
        const int MaxCarried = 8;
        var last = pages[^1];
        while (last.Count > 0 && last[^1].Runs.Count == 0)
        {
            last.RemoveAt(last.Count - 1);
        }

        // Carry back to a safe break: after a line inside a multi-line block, or before a block that shows where it starts.
        // Without the second stop, a run of one-line blocks (heading, guideline lines, a one-line first rationale paragraph)
        // reached the limit, nothing was carried, and the rationale's paragraph break fell on the page break and was lost
        // (LetterRoundTripProperties, seed 3kRXc0Hxngu1).
        var carried = 0;
        while (carried < last.Count - 1 && carried < MaxCarried && (last[^(carried + 1)].EndsBlock || last[^(carried + 1)].Runs.Count == 0))
        {
            carried++;
            if (last[^carried].StartsDelimitedBlock)
            {
                break;
            }
        }

        var page = NewPage(pages);
        if (carried < MaxCarried && carried < last.Count - 1)
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

    private static List<TypesetLine> Lines(LetterBlock block, LetterFonts fonts, XGraphics measure)
    {
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
