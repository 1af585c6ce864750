using Imr.Domain.Letters;
using UglyToad.PdfPig;

namespace Imr.Domain.Tests.Letters;

/// <summary>Page furniture: the PDF carries it on every page, and a reader keeps it out of the letter's fields.</summary>
public sealed class LetterPageFurnitureTests
{
    private readonly LetterTextParser parser = new();

    [Theory]
    [InlineData("Page 2 of 4")]
    [InlineData("   IMR Case CM16-0248698                                   Page 2 of 10")]
    [InlineData("CM16-0248698")]
    [InlineData("                                                      Page 3")]
    public void Footers_and_running_headers_mid_text_do_not_leak_into_fields(string furniture)
    {
        var original = LetterCorpus.Text("CM16-0248698");
        var expected = parser.Parse(original);

        // Put the furniture where pdftotext prints it: at the bottom of a page, before the form feed, and at the top of the next page.
        var withFurniture = original
            .Replace("\fdocumentation of gastrointestinal", "\n\n" + furniture + "\n\f" + furniture + "\ndocumentation of gastrointestinal", StringComparison.Ordinal)
            .Replace("\fAcupuncture 18 sessions", "\n" + furniture + "\n\fAcupuncture 18 sessions", StringComparison.Ordinal)
            .Replace("\fDecision rationale: The ACOEM", "\n\n\n" + furniture + "\n\fDecision rationale: The ACOEM", StringComparison.Ordinal);
        withFurniture.ShouldNotBe(original);

        parser.Parse(withFurniture).ShouldMatchLetter(expected);
    }

    [Fact]
    public void The_pdf_is_us_letter_with_searchable_text_embedded_fonts_and_the_case_and_page_number_on_every_page()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0248698"));

        var pdf = new LetterPdfRenderer().Render(letter);

        using var document = PdfDocument.Open(pdf);
        document.NumberOfPages.ShouldBeGreaterThan(5);
        foreach (var page in document.GetPages())
        {
            page.Width.ShouldBe(612);
            page.Height.ShouldBe(792);
            page.Text.ShouldContain("IMR Case CM16-0248698");
            page.Text.ShouldContain($"Page {page.Number} of {document.NumberOfPages}");
            page.Letters.ShouldAllBe(l => l.FontName != null && l.FontName.Contains("Liberation Serif", StringComparison.Ordinal));
        }

        document.GetPage(1).Text.ShouldContain("HOW THE IMR FINAL DETERMINATION WAS MADE");
        System.Text.Encoding.Latin1.GetString(pdf).ShouldContain("/FontFile2", Case.Sensitive, "the TrueType font program is embedded");
    }

    [Fact]
    public void The_letter_never_names_the_reviewer_only_credentials()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0213037"));

        var text = new LetterTextRenderer().Render(letter);

        text.ShouldContain("State(s) of Licensure: California, North Carolina");
        text.ShouldContain("Certification(s)/Specialty: Family Practice");
        typeof(ReviewerCredentials).GetProperties().Select(p => p.Name).ShouldBe(["StatesOfLicensure", "Specialties"], ignoreOrder: true);
    }

    [Fact]
    public void The_organization_and_boilerplate_come_from_the_template()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0213037"));
        var template = LetterTemplate.Default with { OrganizationName = "Golden State Review Inc.", OrganizationShortName = "GSR" };

        var text = new LetterTextRenderer(template).Render(letter);

        text.ShouldContain("Golden State Review Inc. sent the complete case file");
        text.ShouldContain("GSR guideline: Decision based on MTUS");
        text.ShouldNotContain("MAXIMUS");
        new LetterTextParser(template).Parse(text).ShouldMatchLetter(letter);
    }
}
