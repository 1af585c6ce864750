using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>A letter that cannot be read fails with the section that broke; nothing half-read is returned.</summary>
public sealed class LetterParseErrorTests
{
    private readonly LetterTextParser parser = new();
    private readonly string letter = LetterCorpus.Text("CM16-0213037");

    [Fact]
    public void Empty_text_fails_on_the_document()
    {
        Should.Throw<LetterParseException>(() => parser.Parse("  \n\f\n")).Section.ShouldBe(LetterSection.Document);
    }

    [Fact]
    public void Garbage_fails_on_the_first_missing_section()
    {
        var error = Should.Throw<LetterParseException>(() => parser.Parse("Dear Sir,\nplease find enclosed the invoice.\n"));

        error.Section.ShouldBe(LetterSection.HowDeterminationWasMade);
        error.Message.ShouldContain("HOW THE IMR FINAL DETERMINATION WAS MADE");
    }

    [Fact]
    public void A_letter_cut_off_before_its_issues_fails_on_the_issues_section()
    {
        var cut = letter[..letter.IndexOf("IMR ISSUES", StringComparison.Ordinal)];

        Should.Throw<LetterParseException>(() => parser.Parse(cut)).Section.ShouldBe(LetterSection.IssuesDecisionsAndRationales);
    }

    [Fact]
    public void A_letter_cut_off_inside_an_item_fails_on_that_item()
    {
        var cut = letter[..letter.LastIndexOf("MAXIMUS guideline:", StringComparison.Ordinal)];

        var error = Should.Throw<LetterParseException>(() => parser.Parse(cut));

        error.Section.ShouldBe(LetterSection.IssuesDecisionsAndRationales);
        error.ItemNumber.ShouldBe(2);
        error.Message.ShouldContain("MAXIMUS guideline:");
    }

    [Fact]
    public void A_letter_cut_off_mid_sentence_in_its_last_rationale_is_reported_as_truncated()
    {
        var cut = letter[..letter.LastIndexOf(" medically", StringComparison.Ordinal)];

        var error = Should.Throw<LetterParseException>(() => parser.Parse(cut));

        error.ItemNumber.ShouldBe(2);
        error.Reason.ShouldContain("truncated");
    }

    [Fact]
    public void A_paged_letter_cut_off_after_a_full_sentence_is_still_reported_as_truncated()
    {
        var cut = letter[..(letter.LastIndexOf("warranting an MRI and nerve root", StringComparison.Ordinal) - 1)];

        var error = Should.Throw<LetterParseException>(() => parser.Parse(cut));

        error.Section.ShouldBe(LetterSection.IssuesDecisionsAndRationales);
        error.Reason.ShouldContain("truncated");
    }

    [Fact]
    public void A_complete_paged_letter_whose_last_rationale_lacks_a_full_stop_is_accepted()
    {
        // Published letters exist like this (e.g. CM17-0009887): the closing form feed shows the text is whole.
        var noStop = letter.Replace("determined to be not medically\nnecessary.\n\f", "determined to be not medically\nnecessary\n\f", StringComparison.Ordinal);
        noStop.ShouldNotBe(letter);

        parser.Parse(noStop).Items[1].Rationale.ShouldEndWith("not medically necessary");
    }

    [Fact]
    public void An_unpaged_letter_cut_off_mid_sentence_is_reported_as_truncated()
    {
        var seed = File.ReadAllText(LetterCorpus.SeedLetter);
        var cut = seed[..seed.LastIndexOf(" is not medically", StringComparison.Ordinal)];

        var error = Should.Throw<LetterParseException>(() => parser.Parse(cut));

        error.Section.ShouldBe(LetterSection.IssuesDecisionsAndRationales);
        error.Reason.ShouldContain("mid-sentence");
    }

    [Fact]
    public void A_header_without_a_case_number_fails_on_the_header()
    {
        var broken = letter.Replace("Case Number:          CM16-0213037", "Case:", StringComparison.Ordinal);

        Should.Throw<LetterParseException>(() => parser.Parse(broken)).Section.ShouldBe(LetterSection.Header);
    }

    [Fact]
    public void An_impossible_date_fails_on_the_header_and_names_the_field()
    {
        var broken = letter.Replace("Decision Date:        12/09/2016", "Decision Date:        13/45/2016", StringComparison.Ordinal);

        var error = Should.Throw<LetterParseException>(() => parser.Parse(broken));

        error.Section.ShouldBe(LetterSection.Header);
        error.Message.ShouldContain("Decision Date");
    }

    [Fact]
    public void Missing_credentials_fail_on_the_credentials()
    {
        var broken = letter.Replace("State(s) of Licensure: California,North Carolina\n", "", StringComparison.Ordinal);

        var error = Should.Throw<LetterParseException>(() => parser.Parse(broken));

        error.Section.ShouldBe(LetterSection.ReviewerCredentials);
        error.Message.ShouldContain("State(s) of Licensure:");
    }

    [Fact]
    public void An_empty_clinical_summary_fails_on_the_summary()
    {
        var start = letter.IndexOf("The injured worker is a 48", StringComparison.Ordinal);
        var end = letter.IndexOf("                      IMR ISSUES", StringComparison.Ordinal);

        Should.Throw<LetterParseException>(() => parser.Parse(letter[..start] + letter[end..])).Section.ShouldBe(LetterSection.ClinicalCaseSummary);
    }

    [Fact]
    public void A_pdf_that_is_not_a_pdf_fails_on_the_document()
    {
        var error = Should.Throw<LetterParseException>(() => new LetterPdfReader().Read("%PDF-1.4 this is not really a pdf"u8.ToArray()));

        error.Section.ShouldBe(LetterSection.Document);
    }

    [Fact]
    public void A_truncated_pdf_never_reads_as_a_complete_letter()
    {
        var pdf = File.ReadAllBytes(LetterCorpus.PdfPath("CM16-0213037"));

        Should.Throw<LetterParseException>(() => new LetterPdfReader().Read(pdf[..(pdf.Length / 3)]));
    }
}
