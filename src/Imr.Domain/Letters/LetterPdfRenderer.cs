using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Imr.Domain.Letters;

/// <summary>Renders a letter as a US Letter PDF with embedded fonts, searchable text, page numbers and the case number on every page.</summary>
public sealed class LetterPdfRenderer
{
    private const double FooterBaseline = LetterTypesetter.PageHeight - 40;
    private const double FirstBaseline = LetterTypesetter.TopMargin + 10;

    private readonly LetterTemplate template;

    /// <summary>Creates a renderer using the given template, or the corpus defaults.</summary>
    public LetterPdfRenderer(LetterTemplate? template = null) => this.template = template ?? LetterTemplate.Default;

    /// <summary>Renders the letter and returns the PDF file's bytes.</summary>
    public byte[] Render(DeterminationLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var fonts = LetterFonts.Create();
        var pages = LetterTypesetter.Layout(LetterComposition.Compose(letter, template), fonts, new LetterStructure(template));

        using var document = new PdfDocument();
        document.Info.Title = letter.CaseNumber is null ? "IMR Final Determination" : "IMR Final Determination " + letter.CaseNumber;
        document.Info.Subject = "Independent Medical Review Final Determination";
        document.Options.CompressContentStreams = true;

        for (var p = 0; p < pages.Count; p++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(LetterTypesetter.PageWidth);
            page.Height = XUnit.FromPoint(LetterTypesetter.PageHeight);
            using var graphics = XGraphics.FromPdfPage(page);
            for (var i = 0; i < pages[p].Count; i++)
            {
                var baseline = FirstBaseline + (i * LetterTypesetter.LineHeight);
                foreach (var run in pages[p][i].Runs)
                {
                    graphics.DrawString(run.Text, run.Bold ? fonts.Bold : fonts.Body, XBrushes.Black, run.X, baseline);
                }
            }

            DrawFooter(graphics, fonts.Footer, letter.CaseNumber, p + 1, pages.Count);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private void DrawFooter(XGraphics graphics, XFont font, string? caseNumber, int page, int pageCount)
    {
        if (!string.IsNullOrEmpty(caseNumber))
        {
            graphics.DrawString(LetterTemplate.Fill(template.PageFooterCase, ("case", caseNumber)), font, XBrushes.Black, LetterTypesetter.LeftMargin, FooterBaseline);
        }

        var number = LetterTemplate.Fill(
            template.PageFooterNumber,
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pages", pageCount.ToString(CultureInfo.InvariantCulture)));
        var width = graphics.MeasureString(number, font).Width;
        graphics.DrawString(number, font, XBrushes.Black, LetterTypesetter.PageWidth - LetterTypesetter.RightMargin - width, FooterBaseline);
    }
}
