using System.Text;

namespace Imr.Domain.Letters;

/// <summary>Renders a letter as plain text laid out like <c>pdftotext -layout</c> output of the PDF: same lines, a form feed after each page.</summary>
public sealed class LetterTextRenderer
{
    // pdftotext -layout maps the 6.5-inch text width to about 96 columns.
    private const double PointsPerColumn = LetterTypesetter.TextWidth / 96;

    private readonly LetterTemplate template;

    /// <summary>Creates a renderer using the given template, or the corpus defaults.</summary>
    public LetterTextRenderer(LetterTemplate? template = null) => this.template = template ?? LetterTemplate.Default;

    /// <summary>Renders the letter as text.</summary>
    public string Render(DeterminationLetter letter)
    {
        var pages = LetterTypesetter.Layout(LetterComposition.Compose(letter, template), LetterFonts.Create(), new LetterStructure(template));
        var text = new StringBuilder();
        foreach (var page in pages)
        {
            foreach (var line in page)
            {
                var row = new StringBuilder();
                foreach (var run in line.Runs)
                {
                    var column = (int)Math.Round((run.X - LetterTypesetter.LeftMargin) / PointsPerColumn);
                    if (row.Length > 0 && row.Length >= column)
                    {
                        row.Append(' ');
                    }

                    row.Append(' ', Math.Max(0, column - row.Length)).Append(run.Text);
                }

                text.Append(row).Append('\n');
            }

            text.Append('\f');
        }

        return text.ToString();
    }
}
