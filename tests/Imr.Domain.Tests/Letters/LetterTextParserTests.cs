using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>Field-level reading of real letters: header, credentials, items, partial requests, the older layout.</summary>
public sealed class LetterTextParserTests
{
    private readonly LetterTextParser parser = new();

    [Fact]
    public void Reads_the_header_table_credentials_and_items_of_a_letter()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0213037"));

        letter.CaseNumber.ShouldBe("CM16-0213037");
        letter.DateAssigned.ShouldBe(new DateOnly(2016, 11, 9));
        letter.DateOfInjury.ShouldBe(new DateOnly(2016, 10, 13));
        letter.DecisionDate.ShouldBe(new DateOnly(2016, 12, 9));
        letter.UrDenialDate.ShouldBe(new DateOnly(2016, 11, 3));
        letter.ApplicationReceived.ShouldBe(new DateOnly(2016, 11, 3));
        letter.Priority.ShouldBe(LetterPriority.Standard);
        letter.Layout.ShouldBe(LetterLayout.Tabular2016);
        letter.Reviewer.StatesOfLicensure.ShouldBe(["California", "North Carolina"]);
        letter.Reviewer.Specialties.ShouldBe(["Family Practice"]);
        letter.ClinicalSummary.ShouldStartWith("The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16.");
        letter.ClinicalSummary.ShouldEndWith("MRI of the right shoulder without contrast was not medically necessary.");
        letter.ClinicalSummary.ShouldNotContain("The expert reviewer developed");

        letter.Items.Count.ShouldBe(2);
        var shoulder = letter.Items[0];
        shoulder.Description.ShouldBe("MRI of the right shoulder without contrast");
        shoulder.Decision.ShouldBe(ItemDecision.Upheld);
        shoulder.ClaimsAdministratorGuideline.ShouldBe("Decision based on MTUS Shoulder Complaints 2004.");
        shoulder.ReviewerGuideline.ShouldBe("Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies.");
        shoulder.Rationale.ShouldStartWith("CA MTUS/ACOEM Guidelines state that unequivocal objective findings");
        shoulder.Rationale.ShouldEndWith("Therefore the request for an MRI of the shoulder is determined to be not medically necessary.");
        shoulder.PartialRequest.ShouldBeNull();
        letter.Items[1].ClaimsAdministratorGuideline.ShouldBe("Decision based on MTUS Neck and Upper Back Complaints 2004.");
    }

    [Fact]
    public void Reads_21_items_with_partial_requests_and_items_that_cross_pages()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0248698"));

        letter.Items.Count.ShouldBe(21);
        var acupuncture = letter.Items.Single(i => i.PartialRequest is not null);
        acupuncture.Description.ShouldBe("Acupuncture 12 sessions");
        acupuncture.PartialRequest!.OriginalRequest.ShouldBe("Acupuncture 18 sessions");
        acupuncture.PartialRequest.AuthorizedPortion.ShouldBe("Acupuncture 6 sessions");
        acupuncture.PartialRequest.Wording.ShouldBe(PartialRequestWording.RemainingPortion);
        acupuncture.Decision.ShouldBe(ItemDecision.Upheld);

        // The item after a page break starts on the new page; the page break must not leak into the previous rationale.
        letter.Items[1].Description.ShouldBe("X-rays of right hip");
        letter.Items[1].Rationale.ShouldEndWith("the request for \"X-rays of right hip\" is not medically necessary.");
        letter.Items.ShouldAllBe(i => !i.Rationale.Contains('\f') && !i.Description.Contains("rationale", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Reads_the_whole_request_eligible_wording_and_a_decision_on_its_own_line()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0249536"));

        var item = letter.Items.Single(i => i.PartialRequest?.Wording == PartialRequestWording.WholeRequestEligible);
        item.PartialRequest!.OriginalRequest.ShouldBe("Acupuncture treatments (unspecified quantity)");
        item.PartialRequest.AuthorizedPortion.ShouldBe("Acupuncture treatments, 6 sessions");
        item.Description.ShouldBe("Acupuncture treatments (unspecified quantity)");
        item.Decision.ShouldBe(ItemDecision.Upheld);
    }

    [Fact]
    public void Reads_mixed_decisions()
    {
        var letter = parser.Parse(LetterCorpus.Text("CM16-0246487"));

        letter.Items.Count(i => i.Decision == ItemDecision.Overturned).ShouldBe(4);
        letter.Items.Count(i => i.Decision == ItemDecision.Upheld).ShouldBe(2);
    }

    [Fact]
    public void Reads_all_three_reviewer_guideline_variants()
    {
        var guidelines = LetterCorpus.CaseNumbers()
            .SelectMany(n => parser.Parse(LetterCorpus.Text(n)).Items)
            .Select(i => i.ReviewerGuideline)
            .ToList();

        guidelines.ShouldContain(g => g.StartsWith("Decision based on MTUS ", StringComparison.Ordinal) && g.Contains("Section(s):"));
        guidelines.ShouldContain(g => g.StartsWith("The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation", StringComparison.Ordinal));
        guidelines.ShouldContain(g => g == "The Expert Reviewer did not cite any medical evidence for its decision.");
        guidelines.ShouldAllBe(g => !g.Contains("guideline:"));
    }

    [Fact]
    public void Reads_the_older_2013_layout_with_inline_credentials_and_a_quantity()
    {
        var letter = parser.Parse(File.ReadAllText(LetterCorpus.SeedLetter));

        letter.Layout.ShouldBe(LetterLayout.Narrative2013);
        letter.CaseNumber.ShouldBeNull();
        letter.Priority.ShouldBeNull();
        letter.Reviewer.Specialties.ShouldBe(["Occupational Medicine"]);
        letter.Reviewer.StatesOfLicensure.ShouldBe(["California"]);
        letter.ClinicalSummary.ShouldStartWith("The patient is an employee of the and has filed a claim for cervical");
        var item = letter.Items.ShouldHaveSingleItem();
        item.Description.ShouldBe("TECHNICIAN BONE SCAN TOTAL SPINE");
        item.Quantity.ShouldBe("1.00");
        item.ReviewerGuideline.ShouldBe("The Expert Reviewer did not base their decision on the MTUS. Decision based on Non-MTUS Citation OFFICIAL DISABILITY GUIDELINES (ODG) LOW BACK, BONE SCAN.");
        item.Rationale.ShouldEndWith("Therefore, the request for a bone scan is not medically necessary.");
    }

    [Fact]
    public void The_older_layout_renders_back_word_for_word_in_text_and_pdf()
    {
        var original = File.ReadAllText(LetterCorpus.SeedLetter);
        var letter = parser.Parse(original);

        LetterWords.Compare(original, new LetterTextRenderer().Render(letter)).FirstDifference.ShouldBeNull();
        new LetterPdfReader().Read(new LetterPdfRenderer().Render(letter)).ShouldMatchLetter(letter);
    }

    [Fact]
    public async Task The_older_layout_pdf_reads_back_with_pdftotext()
    {
        var original = File.ReadAllText(LetterCorpus.SeedLetter);
        var letter = parser.Parse(original);

        var extracted = await Pdftotext.LayoutTextAsync(new LetterPdfRenderer().Render(letter));

        // No case number in this layout, so the footer carries the page number only.
        var body = string.Join('\n', extracted.Split('\n').Where(l => !l.Trim().StartsWith("Page ", StringComparison.Ordinal)));
        LetterWords.Compare(original, body).FirstDifference.ShouldBeNull();
        parser.Parse(extracted).ShouldMatchLetter(letter);
    }

    [Fact]
    public void Keeps_paragraph_breaks_in_a_rationale_but_not_line_or_page_breaks()
    {
        var text = LetterCorpus.Text("CM16-0213037").Replace(
            "Decision rationale: CA MTUS/ACOEM Guidelines state that unequivocal objective findings\n",
            "Decision rationale: CA MTUS/ACOEM Guidelines state that unequivocal\n\fobjective findings\n",
            StringComparison.Ordinal).Replace(
            "In this case, the request is for an MRI of\nthe shoulder.",
            "In this case, the request is for an MRI of\n\nthe shoulder.",
            StringComparison.Ordinal);

        var rationale = parser.Parse(text).Items[0].Rationale;

        rationale.ShouldStartWith("CA MTUS/ACOEM Guidelines state that unequivocal objective findings that identify");
        rationale.ShouldContain("the request is for an MRI of\n\nthe shoulder.");
    }

    [Fact]
    public void A_partial_request_heading_that_crosses_a_page_after_a_full_sentence_stays_whole()
    {
        var original = LetterCorpus.Text("CM16-0248698");
        var expected = parser.Parse(original);

        // Move the page break inside the heading, right after "was the original request."; on the same page as the
        // previous rationale the heading is then set off by a blank line, as in a real letter.
        var moved = original
            .Replace("\fAcupuncture 18 sessions was the original request. Acupuncture 6 sessions was authorized\n",
                "\nAcupuncture 18 sessions was the original request.\n\fAcupuncture 6 sessions was authorized\n", StringComparison.Ordinal);
        moved.ShouldNotBe(original);

        parser.Parse(moved).ShouldMatchLetter(expected);
    }
}
