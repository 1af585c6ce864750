using System.Text;
using CsCheck;
using Imr.Domain.Input;
using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>
/// Free text the API accepts that looks like the letter's own structure (headings, labels, decisions, page furniture,
/// boilerplate) must stay in its section: a letter composed from it reads back from its text and its PDF as exactly the
/// letter it was rendered from.
/// </summary>
public sealed class HostileLetterTextProperties
{
    private static readonly string[] Lookalikes =
    [
        "FINAL DETERMINATION: ALL ITEMS OVERTURNED", "HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES", "Claims Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:",
        "maximus GUIDELINE: x", "State(s) of Licensure:", "Certification(s)/Specialty:", "Lumbar MRI: Overturned", "Upheld", "Overturned",
        ": Upheld", "criteria:", "Page 1 of 2", "Page 3", "IMR Case CM13-0000001", "IMR Case CM13-0000001 Page 2 of 3", "CM99-0000001",
        "QTY: 3", "QTY:2", "Case Number: CM99-0000001", "Priority: Expedited", "Date Assigned: 01/02/2016",
        "The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:",
        "The Final Determination was based on decisions for the disputed items/services set forth below:",
        "The Expert Reviewer has the following credentials:",
    ];

    private static readonly string[] Words =
    [
        "the", "patient", "MRI", "lumbar", "spine", "is", "not", "medically", "necessary.", "Norco", "10/325mg", "#60", "(ODG)",
        "therapy", "Guidelines", "recommend", "x-ray", "°", "®", "12.5%", "Therefore,", "on", "11/15/2016.", "«quoted»", "β-blocker",
        "Łódź", "€5", "≤", "—", "“quoted”", "…", "Ω", "naïve", "½", "•", "https://www.dir.ca.gov/dwc/MTUS/MTUS-Clinical-Guidelines.html",
    ];

    private static readonly Gen<string> RandomWord =
        Gen.Int[0x21, 0x3C9].Where(c => LetterText.IsPrintable(c) && !char.IsWhiteSpace((char)c)).Select(c => ((char)c).ToString())
            .Array[1, 12].Select(chars => string.Concat(chars));

    private static readonly Gen<string> Piece = Gen.Frequency((6, Gen.OneOf(Words)), (3, Gen.OneOf(Lookalikes)), (2, RandomWord));

    // One line: pieces joined by one or more spaces or a tab.
    private static readonly Gen<string> Line = Gen.Select(Piece.Array[1, 40], Gen.OneOf(" ", "  ", "\t", " \u00A0"), (pieces, gap) => string.Join(gap, pieces));

    private static readonly Gen<string> ShortLine = Gen.Select(Piece.Array[1, 6], Gen.OneOf(" ", "  "), (pieces, gap) => string.Join(gap, pieces));

    // Paragraphs of lines: a single line feed inside a paragraph, blank lines between paragraphs; some lines are one lookalike alone.
    private static readonly Gen<string> Lines =
        Gen.Select(Gen.Frequency((3, Line), (2, Gen.OneOf(Lookalikes))).Array[1, 4], Gen.OneOf("\n", " \n "), (lines, gap) => string.Join(gap, lines))
            .Array[1, 5].Select(Gen.OneOf("\n\n", "\n\n\n", "\n \n"), (paragraphs, gap) => string.Join(gap, paragraphs));

    private static readonly Gen<PartialRequest?> Partial = Gen.Frequency(
        (3, Gen.Const((PartialRequest?)null)),
        (1, Gen.Select(ShortLine, ShortLine, (original, authorized) =>
            (PartialRequest?)new PartialRequest { OriginalRequest = original, AuthorizedPortion = authorized, Wording = PartialRequestWording.RemainingPortion })));

    private static readonly Gen<LetterItem> Item =
        Gen.Select(Gen.Frequency((2, ShortLine), (1, Line)), Gen.OneOf(ItemDecision.Upheld, ItemDecision.Overturned), Line, Line, Lines, Partial,
            (description, decision, claims, guideline, rationale, partial) => new LetterItem
            {
                Description = description,
                Decision = decision,
                ClaimsAdministratorGuideline = claims,
                ReviewerGuideline = guideline,
                Rationale = rationale,
                PartialRequest = partial,
            });

    // Specialties come from reviewer profiles: one line each, no comma (the letter lists them separated by commas).
    private static readonly Gen<string> Specialty = ShortLine.Select(s => s.Replace(",", "", StringComparison.Ordinal)).Where(s => s.Trim().Length > 0);

    private static readonly Gen<DeterminationLetter> Letter =
        Gen.Select(Lines, Item.Array[1, 4], Specialty.Array[1, 4], Gen.OneOf(LetterPriority.Standard, LetterPriority.Expedited),
            (summary, items, specialties, priority) => new DeterminationLetter
            {
                CaseNumber = "CM16-0000123",
                DateAssigned = new DateOnly(2016, 10, 3),
                DateOfInjury = new DateOnly(2014, 5, 1),
                DecisionDate = new DateOnly(2016, 11, 15),
                UrDenialDate = new DateOnly(2016, 9, 20),
                ApplicationReceived = new DateOnly(2016, 9, 28),
                Priority = priority,
                Reviewer = new ReviewerCredentials { StatesOfLicensure = ["California", "New York"], Specialties = specialties },
                ClinicalSummary = summary,
                Items = items,
            })
        .Where(AcceptedByTheApi);

    [Fact]
    public void Hostile_text_the_api_accepts_reads_back_from_the_text_letter_as_composed()
    {
        var parser = new LetterTextParser();
        var renderer = new LetterTextRenderer();

        Letter.Sample(
            letter =>
            {
                var composed = LetterText.Normalize(letter);
                parser.Parse(renderer.Render(composed)).ShouldMatchLetter(composed);
            },
            iter: 200,
            threads: 1);
    }

    [Fact]
    public void Hostile_text_the_api_accepts_reads_back_from_the_pdf_letter_as_composed()
    {
        var reader = new LetterPdfReader();
        var renderer = new LetterPdfRenderer();

        Letter.Sample(
            letter =>
            {
                var composed = LetterText.Normalize(letter);
                reader.Read(renderer.Render(composed)).ShouldMatchLetter(composed);
            },
            iter: 12,
            threads: 1);
    }

    [Fact]
    public async Task Lines_set_in_to_stay_text_read_back_through_pdftotext_too()
    {
        var letter = LetterText.Normalize(SeedLetter() with
        {
            ClinicalSummary = "IMR ISSUES, DECISIONS AND RATIONALES\n\nPage 2 of 3\n\nCM16-0000123\n\nThe worker was seen.",
            Items =
            [
                SeedLetter().Items[0] with
                {
                    Description = "MAXIMUS guideline: MRI",
                    Rationale = "Not necessary.\n\nClaims Administrator guideline: none\n\nLumbar MRI: Overturned\n\nClaims Administrator guideline: x",
                },
            ],
        });
        var text = await Pdftotext.LayoutTextAsync(new LetterPdfRenderer().Render(letter));

        System.Text.RegularExpressions.Regex.IsMatch(text, @"\n {4,11}Page 2 of 3\n").ShouldBeTrue("a set-in line keeps its indent through pdftotext");
        new LetterTextParser().Parse(text).ShouldMatchLetter(letter);
    }

    [Fact]
    public void Every_character_the_letter_prints_reads_back_from_the_pdf()
    {
        var printable = Enumerable.Range(0x21, 0x3C9 - 0x20).Concat(LetterText.Punctuation.Select(c => (int)c))
            .Where(c => LetterText.IsPrintable(c) && !char.IsWhiteSpace((char)c)).Distinct().ToList();
        var words = printable.Chunk(20).Select(chunk => string.Concat(chunk.Select(c => (char)c)));
        var letter = LetterText.Normalize(SeedLetter() with { ClinicalSummary = string.Join(' ', words) });

        new LetterPdfReader().Read(new LetterPdfRenderer().Render(letter)).ShouldMatchLetter(letter);
    }

    [Fact]
    public void A_rationale_of_many_one_line_paragraphs_keeps_its_end_when_the_next_item_starts_a_page()
    {
        // Paragraphs that end without a full stop give the reader no sentence end to tell the rationale from the next heading.
        var rationale = string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"Criteria {i} not met per ODG Page {i}"));
        var parser = new LetterTextParser();
        var renderer = new LetterTextRenderer();
        var breaksInTheRun = 0;

        // Lengthen the summary a sentence at a time, more than a page's worth of lines, so the run meets every position on the page.
        for (var sentences = 1; sentences <= 5 * TypesetLinesPerPage; sentences++)
        {
            var letter = LetterText.Normalize(SeedLetter() with
            {
                ClinicalSummary = string.Join(" ", Enumerable.Repeat("The worker was seen.", sentences)),
                Items =
                [
                    SeedLetter().Items[0] with { Rationale = rationale },
                    SeedLetter().Items[0] with { Description = "Physical therapy", Decision = ItemDecision.Overturned },
                ],
            });
            var text = renderer.Render(letter);
            breaksInTheRun += System.Text.RegularExpressions.Regex.IsMatch(text, "\f *(Decision rationale|Criteria|Physical therapy)") ? 1 : 0;

            parser.Parse(text).ShouldMatchLetter(letter);
        }

        breaksInTheRun.ShouldBeGreaterThan(0, "some position puts a page break in the run of paragraphs or before the heading");
    }

    private const int TypesetLinesPerPage = LetterTypesetter.LinesPerPage;

    [Theory]
    [InlineData("😀")]
    [InlineData("日本")]
    [InlineData("e\u0301")]
    [InlineData("\u00AD")]
    [InlineData("\u2003")]
    public void A_character_the_letter_cannot_print_is_refused(string text)
    {
        LetterText.PrintProblem("Lumbar " + text + " MRI").ShouldNotBeNull().ShouldContain("U+");
    }

    [Fact]
    public void A_word_wider_than_a_line_is_refused()
    {
        LetterText.PrintProblem("MRI " + new string('W', 60)).ShouldNotBeNull().ShouldContain("wider than a line");
        LetterText.PrintProblem("https://www.dir.ca.gov/dwc/MTUS/MTUS-Clinical-Guidelines.html").ShouldBeNull();
    }

    private static DeterminationLetter SeedLetter() => new()
    {
        CaseNumber = "CM16-0000123",
        DateAssigned = new DateOnly(2016, 10, 3),
        DecisionDate = new DateOnly(2016, 11, 15),
        Priority = LetterPriority.Standard,
        Reviewer = new ReviewerCredentials { StatesOfLicensure = ["California"], Specialties = ["Orthopedic Surgery"] },
        ClinicalSummary = "Summary.",
        Items = [new LetterItem { Description = "MRI", Decision = ItemDecision.Upheld, ClaimsAdministratorGuideline = "MTUS.", ReviewerGuideline = "MTUS.", Rationale = "Reasons." }],
    };

    // What the validators take for the fields that reach a letter (CaseFileValidator, DecisionCheck, ReviewerProfileValidator).
    private static bool AcceptedByTheApi(DeterminationLetter letter) =>
        Paragraphs(letter.ClinicalSummary)
        && letter.Reviewer.Specialties.All(OneLine)
        && letter.Items.All(i => OneLine(i.Description) && OneLine(i.ReviewerGuideline) && OneLine(i.ClaimsAdministratorGuideline) && Paragraphs(i.Rationale)
            && LetterText.ItemHeadingProblem(i.Description) is null
            && (i.PartialRequest is null || (OneLine(i.PartialRequest.OriginalRequest) && OneLine(i.PartialRequest.AuthorizedPortion)
                && LetterText.ItemHeadingProblem(i.PartialRequest.OriginalRequest) is null && LetterText.ItemHeadingProblem(i.PartialRequest.AuthorizedPortion) is null)));

    private static bool OneLine(string text) => FreeText.SingleLineProblem(text) is null && LetterText.PrintProblem(text) is null && text.Trim().Length > 0;

    private static bool Paragraphs(string text) => FreeText.MultiLineProblem(text) is null && LetterText.PrintProblem(text) is null && text.Trim().Length > 0;
}
