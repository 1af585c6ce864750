using System.Text.RegularExpressions;
using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>Every published letter in the corpus must survive parse → render (text and PDF) word for word, and its PDF must read the same as its text.</summary>
public sealed partial class CorpusLetterTests(CorpusWordMatchReport report) : IClassFixture<CorpusWordMatchReport>
{
    private readonly LetterTextParser parser = new();

    [Fact]
    public void The_corpus_holds_all_72_letters_as_text_and_pdf()
    {
        LetterCorpus.CaseNumbers().Count.ShouldBeGreaterThanOrEqualTo(72);
    }

    [Theory]
    [MemberData(nameof(Letters))]
    public void Parsing_then_rendering_text_reproduces_every_word(string caseNumber)
    {
        var original = LetterCorpus.Text(caseNumber);
        var letter = parser.Parse(original);

        var rendered = new LetterTextRenderer().Render(letter);

        var match = LetterWords.Compare(original, rendered);
        report.Record(caseNumber, "text render", match);
        match.FirstDifference.ShouldBeNull();
        parser.Parse(rendered).ShouldMatchLetter(letter);
    }

    [Theory]
    [MemberData(nameof(Letters))]
    public void Reading_the_pdf_gives_the_same_letter_as_its_text(string caseNumber)
    {
        var original = LetterCorpus.Text(caseNumber);
        var fromText = parser.Parse(original);

        var fromPdf = new LetterPdfReader().Read(File.ReadAllBytes(LetterCorpus.PdfPath(caseNumber)));

        report.Record(caseNumber, "published PDF read → text render", LetterWords.Compare(original, new LetterTextRenderer().Render(fromPdf)));
        fromPdf.ShouldMatchLetter(fromText);
    }

    [Theory]
    [MemberData(nameof(Letters))]
    public async Task Rendering_a_pdf_and_reading_it_with_pdftotext_reproduces_every_word(string caseNumber)
    {
        var original = LetterCorpus.Text(caseNumber);
        var letter = parser.Parse(original);

        var pdf = new LetterPdfRenderer().Render(letter);
        var extracted = await Pdftotext.LayoutTextAsync(pdf);

        var furniture = RunningFooter().Matches(extracted);
        furniture.Count.ShouldBe(extracted.Count(c => c == '\f'), "every page carries the case number and page number");
        furniture.ShouldAllBe(m => m.Value.Contains(caseNumber));
        var match = LetterWords.Compare(original, RunningFooter().Replace(extracted, ""));
        report.Record(caseNumber, "PDF render → pdftotext", match);
        match.FirstDifference.ShouldBeNull();
        parser.Parse(extracted).ShouldMatchLetter(letter);
        new LetterPdfReader().Read(pdf).ShouldMatchLetter(letter);
    }

    public static TheoryData<string> Letters() => LetterCorpus.All();

    // The footer this project's renderer prints: "IMR Case CM16-0213037 ... Page 2 of 5".
    [GeneratedRegex(@"^[ \f]*IMR Case \S+ +Page \d+ of \d+ *$", RegexOptions.Multiline)]
    private static partial Regex RunningFooter();
}
