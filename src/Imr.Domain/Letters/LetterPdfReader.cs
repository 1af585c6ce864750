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
            var pages = document.GetPages().Select(PrintedLines).ToList();

            // Single line spacing is the commonest small gap in the whole letter; a page of short paragraphs alone would mislead.
            var gaps = pages.SelectMany(p => p.Zip(p.Skip(1), (a, b) => a.Baseline - b.Baseline)).Where(d => d > 1).Order().ToList();
            var lineSpacing = gaps.Count > 0 ? gaps[gaps.Count / 4] : 14;
            var text = new StringBuilder();
            foreach (var lines in pages)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    // A gap of about two line heights is a blank line in pdftotext's layout.
                    if (i > 0 && lines[i - 1].Baseline - lines[i].Baseline > lineSpacing * 1.6)
                    {
                        text.Append('\n');
                    }

                    text.Append(LineText(lines[i])).Append('\n');
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

    private sealed record PrintedLine(double Baseline, double FontSize, List<Letter> Letters);

    private static List<PrintedLine> PrintedLines(Page page)
    {
        var lines = new List<PrintedLine>();
        foreach (var letter in page.Letters
                     .Where(l => l.TextOrientation == TextOrientation.Horizontal)
                     .OrderByDescending(l => l.StartBaseLine.Y)
                     .ThenBy(l => l.StartBaseLine.X))
        {
            var line = lines.Count > 0 && Math.Abs(lines[^1].Baseline - letter.StartBaseLine.Y) < 2.5 ? lines[^1] : null;
            if (line is null)
            {
                line = new PrintedLine(letter.StartBaseLine.Y, letter.PointSize, []);
                lines.Add(line);
            }

            line.Letters.Add(letter);
        }

        return lines.Where(l => l.Letters.Any(c => !string.IsNullOrWhiteSpace(c.Value))).ToList();
    }

    private static string LineText(PrintedLine line)
    {
        var text = new StringBuilder();
        double? previousEnd = null;
        foreach (var letter in line.Letters.OrderBy(l => l.StartBaseLine.X))
        {
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }

                previousEnd = Math.Max(previousEnd ?? 0, letter.EndBaseLine.X);
                continue;
            }

            var start = letter.StartBaseLine.X;
            if (previousEnd is { } end)
            {
                var gap = start - end;
                if (gap > PointsPerColumn * 2.5)
                {
                    // A table column or a redaction: keep it wide, as pdftotext does.
                    var trailing = text.Length - text.ToString().TrimEnd(' ').Length;
                    text.Append(' ', Math.Max(2, (int)Math.Round(gap / PointsPerColumn)) - trailing);
                }
                else if (gap > line.FontSize * 0.15 && text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(' ', Math.Max(0, (int)Math.Round((start - 72) / PointsPerColumn)));
            }

            text.Append(letter.Value);
            previousEnd = letter.EndBaseLine.X;
        }

        return text.ToString().TrimEnd();
    }
}
