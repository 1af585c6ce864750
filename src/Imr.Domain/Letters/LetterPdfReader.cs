using System.Runtime.InteropServices;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Imr.Domain.Letters;

/// <summary>Reads a letter from its PDF: rebuilds the page text the way <c>pdftotext -layout</c> lays it out, then parses it.</summary>
public sealed class LetterPdfReader
{
    // pdftotext -layout gives a 6.5-inch line about 96 columns; the same scale turns wide gaps into runs of spaces.
    private const double PointsPerColumn = 468.0 / 96;

    private readonly LetterTextParser parser;

    /// <summary>Creates a reader that parses with the given template's wordings (the corpus defaults if none).</summary>
    public LetterPdfReader(LetterTemplate? template = null) => parser = new LetterTextParser(template);

    /// <summary>Reads a letter from PDF bytes.</summary>
    /// <exception cref="LetterParseException">The PDF cannot be opened or is not a complete letter.</exception>
    public DeterminationLetter Read(byte[] pdf) => parser.Parse(ExtractText(pdf));

    /// <summary>The PDF's text as lines, with a form feed after each page, as <c>pdftotext -layout</c> would print it.</summary>
    public static string ExtractText(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        try
        {
            using var document = PdfDocument.Open(pdf);
            var pages = PrintedPages(document);

            // Single line spacing is the commonest small gap in the whole letter; a page of short paragraphs alone would mislead.
            var gaps = new List<double>();
            foreach (var page in pages)
            {
                for (var i = 1; i < page.Lines.Count; i++)
                {
                    var gap = page.Lines[i - 1].Baseline - page.Lines[i].Baseline;
                    if (gap > 1)
                    {
                        gaps.Add(gap);
                    }
                }
            }

            gaps.Sort();
            var lineSpacing = gaps.Count > 0 ? gaps[gaps.Count / 4] : 14;
            var text = new StringBuilder(pdf.Length);
            foreach (var page in pages)
            {
                var lines = page.Lines;
                for (var i = 0; i < lines.Count; i++)
                {
                    // A gap of about two line heights is a blank line in pdftotext's layout.
                    if (i > 0 && lines[i - 1].Baseline - lines[i].Baseline > lineSpacing * 1.6)
                    {
                        text.Append('\n');
                    }

                    AppendLineText(text, page.Glyphs, lines[i]);
                    text.Append('\n');
                }

                text.Append('\f');
            }

            return text.ToString();
        }
        catch (LetterParseException)
        {
            throw;
        }
#pragma warning disable CA1031 // PdfPig reports a damaged or foreign file through many exception types; all mean "not a readable PDF".
        catch (Exception error)
#pragma warning restore CA1031
        {
            throw new LetterParseException(LetterSection.Document, "the file is not a readable PDF (" + error.Message + ")", null, error);
        }
    }

    /// <summary>
    /// Each page's horizontal glyphs in reading order, grouped into printed lines. The glyphs come from
    /// <see cref="PrintedGlyphPageFactory"/>, which keeps only what the layout needs; a page it cannot represent exactly
    /// (combining diacritics, zero-width glyphs) is read through PdfPig's full letters instead.
    /// </summary>
    private static List<PrintedPage> PrintedPages(PdfDocument document)
    {
        document.AddPageFactory<PrintedGlyphs, PrintedGlyphPageFactory>();
        var pages = new List<PrintedPage>(document.NumberOfPages);
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            var glyphs = document.GetPage<PrintedGlyphs>(number);
            pages.Add(PrintedPage.Of(glyphs.Exact ? glyphs.Glyphs : FromLetters(document.GetPage(number))));
        }

        return pages;
    }

    private static List<PrintedGlyph> FromLetters(Page page)
    {
        var glyphs = new List<PrintedGlyph>(page.Letters.Count);
        foreach (var letter in page.Letters)
        {
            if (letter.TextOrientation == TextOrientation.Horizontal)
            {
                glyphs.Add(new PrintedGlyph(letter.StartBaseLine.X, letter.StartBaseLine.Y, letter.EndBaseLine.X, letter.PointSize, letter.Value, glyphs.Count));
            }
        }

        return glyphs;
    }

    private static void AppendLineText(StringBuilder text, List<PrintedGlyph> glyphs, PrintedLine line)
    {
        var start = text.Length;
        double? previousEnd = null;
        foreach (ref readonly var glyph in CollectionsMarshal.AsSpan(glyphs)[line.Start..line.End])
        {
            if (string.IsNullOrWhiteSpace(glyph.Value))
            {
                if (text.Length > start && text[^1] != ' ')
                {
                    text.Append(' ');
                }

                previousEnd = Math.Max(previousEnd ?? 0, glyph.EndX);
                continue;
            }

            if (previousEnd is { } end)
            {
                var gap = glyph.X - end;
                if (gap > PointsPerColumn * 2.5)
                {
                    // A table column or a redaction: keep it wide, as pdftotext does.
                    var trailing = 0;
                    while (text.Length - trailing > start && text[text.Length - trailing - 1] == ' ')
                    {
                        trailing++;
                    }

                    text.Append(' ', Math.Max(2, (int)Math.Round(gap / PointsPerColumn)) - trailing);
                }
                else if (gap > line.FontSize * 0.15 && text.Length > start && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(' ', Math.Max(0, (int)Math.Round((glyph.X - 72) / PointsPerColumn)));
            }

            text.Append(glyph.Value);
            previousEnd = glyph.EndX;
        }

        // string.TrimEnd(): every kind of white space, not only the spaces appended here.
        var length = text.Length;
        while (length > start && char.IsWhiteSpace(text[length - 1]))
        {
            length--;
        }

        text.Length = length;
    }

    /// <summary>A page's glyphs sorted into lines (top to bottom, each left to right) and the lines that hold any text.</summary>
    private sealed record PrintedPage(List<PrintedGlyph> Glyphs, List<PrintedLine> Lines)
    {
        public static PrintedPage Of(List<PrintedGlyph> horizontal)
        {
            // Sorted in place: a page holds thousands of glyphs, and a copy would be as big as the list.
            var glyphs = CollectionsMarshal.AsSpan(horizontal);

            // Top to bottom, then left to right; the content-stream order breaks ties, as a stable sort would. A letter's
            // content stream is usually in that order already, and one pass that finds it so is much cheaper than a sort.
            if (!IsSorted(glyphs, TopToBottom.Instance))
            {
                glyphs.Sort(TopToBottom.Instance);
            }

            var lines = new List<PrintedLine>();
            var lineStart = 0;
            for (var g = 0; g <= glyphs.Length; g++)
            {
                // A glyph within 2.5 points of the line's first baseline is on that line.
                if (g < glyphs.Length && (g == 0 || Math.Abs(glyphs[lineStart].Y - glyphs[g].Y) < 2.5))
                {
                    continue;
                }

                if (g > lineStart)
                {
                    AddLine(glyphs, lines, lineStart, g);
                }

                lineStart = g;
            }

            return new PrintedPage(horizontal, lines);
        }

        private static void AddLine(Span<PrintedGlyph> glyphs, List<PrintedLine> lines, int start, int end)
        {
            var hasText = false;
            for (var g = start; g < end && !hasText; g++)
            {
                hasText = !string.IsNullOrWhiteSpace(glyphs[g].Value);
            }

            if (!hasText)
            {
                return;
            }

            var line = new PrintedLine(glyphs[start].Y, glyphs[start].PointSize, start, end);

            // Left to right within the line; glyphs at one x keep the top-to-bottom order they were grouped in.
            var lineGlyphs = glyphs[start..end];
            if (!IsSorted(lineGlyphs, LeftToRight.Instance))
            {
                lineGlyphs.Sort(LeftToRight.Instance);
            }
            lines.Add(line);
        }
    }

    private static bool IsSorted(ReadOnlySpan<PrintedGlyph> glyphs, IComparer<PrintedGlyph> order)
    {
        for (var g = 1; g < glyphs.Length; g++)
        {
            if (order.Compare(glyphs[g - 1], glyphs[g]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A printed line: its baseline and font size (those of its first glyph in top-to-bottom order) and its glyphs' range.</summary>
    private readonly record struct PrintedLine(double Baseline, double FontSize, int Start, int End);

    private sealed class TopToBottom : IComparer<PrintedGlyph>
    {
        public static readonly TopToBottom Instance = new();

        public int Compare(PrintedGlyph a, PrintedGlyph b)
        {
            var byBaseline = b.Y.CompareTo(a.Y);
            if (byBaseline != 0)
            {
                return byBaseline;
            }

            var byX = a.X.CompareTo(b.X);
            return byX != 0 ? byX : a.Order.CompareTo(b.Order);
        }
    }

    private sealed class LeftToRight : IComparer<PrintedGlyph>
    {
        public static readonly LeftToRight Instance = new();

        public int Compare(PrintedGlyph a, PrintedGlyph b)
        {
            var byX = a.X.CompareTo(b.X);
            if (byX != 0)
            {
                return byX;
            }

            var byBaseline = b.Y.CompareTo(a.Y);
            return byBaseline != 0 ? byBaseline : a.Order.CompareTo(b.Order);
        }
    }
}
