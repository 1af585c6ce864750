using CsCheck;
using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>Letters this code has never seen: any well-formed letter model must render and read back unchanged.</summary>
public sealed class LetterRoundTripProperties
{
    private static readonly string[] Vocabulary =
    [
        "the", "patient", "request", "MRI", "of", "lumbar", "spine", "is", "not", "medically", "necessary", "Norco",
        "10/325mg", "#60", "(ODG)", "2016,", "x-ray", "and/or", "3", "weeks", "right", "knee", "physical", "therapy",
        "Guidelines", "recommend", "a", "trial", "sessions", "with", "documented", "functional", "improvement.", "There",
        "was", "no", "evidence", "\"continue\"", "CA", "MTUS/ACOEM", "Chronic", "Pain", "treatment", "°", "®", "pain;", "12.5%",
        "electrodiagnostic", "studies", "bilateral", "upper", "extremities", "(EMG/NCV)", "Therefore,", "on", "11/15/2016.",
    ];

    private static readonly string[] States = ["California", "Texas", "New York", "North Carolina", "West Virginia", "Arizona"];
    private static readonly string[] Specialties = ["Family Practice", "Physical Medicine & Rehabilitation", "Pain Management", "Orthopedic Surgery", "Preventive Medicine"];

    private static readonly Gen<string> Word = Gen.OneOf(Vocabulary);

    private static Gen<string> Words(int min, int max) => Word.Array[min, max].Select(w => string.Join(' ', w));

    private static Gen<string> Sentences(int min, int max) => Words(3, 60).Select(s => s + ".").Array[min, max].Select(s => string.Join(' ', s));

    private static Gen<string> Paragraphs(int max) => Sentences(1, 4).Array[1, max].Select(p => string.Join("\n\n", p));

    private static readonly Gen<DateOnly?> Date = Gen.Frequency(
        (1, Gen.Const((DateOnly?)null)),
        (6, Gen.Int[2010, 2030].Select(Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => (DateOnly?)new DateOnly(y, m, d))));

    private static readonly Gen<PartialRequest?> Partial = Gen.Frequency(
        (3, Gen.Const((PartialRequest?)null)),
        (1, Words(1, 12).Select(Words(1, 12), Gen.OneOf(PartialRequestWording.RemainingPortion, PartialRequestWording.WholeRequestEligible),
            (o, a, w) => (PartialRequest?)new PartialRequest { OriginalRequest = o, AuthorizedPortion = a, Wording = w })));

    private static readonly Gen<LetterItem> Item =
        Words(1, 25).Select(Gen.OneOf(ItemDecision.Upheld, ItemDecision.Overturned), Words(1, 40), Words(1, 40), Paragraphs(3), Partial,
            Gen.Frequency((4, Gen.Const((string?)null)), (1, Gen.Int[1, 30].Select(n => (string?)$"{n}.00"))),
            (description, decision, claims, reviewer, rationale, partial, quantity) => new LetterItem
            {
                Description = description,
                Decision = decision,
                ClaimsAdministratorGuideline = claims,
                ReviewerGuideline = reviewer,
                Rationale = rationale,
                PartialRequest = partial,
                Quantity = quantity,
            });

    private static readonly Gen<DeterminationLetter> Letter =
        Gen.Bool.Select(Gen.Int[0, 9_999_999], Date.Array[5, 5], Gen.OneOf(LetterPriority.Standard, LetterPriority.Expedited),
            Gen.OneOf(States).Array[1, 3], Gen.OneOf(Specialties).Array[1, 3], Paragraphs(4), Item.Array[1, 21],
            (tabular, number, dates, priority, states, specialties, summary, items) => tabular
                ? new DeterminationLetter
                {
                    CaseNumber = $"CM{number % 30:00}-{number:0000000}",
                    DateAssigned = dates[0],
                    DateOfInjury = dates[1],
                    DecisionDate = dates[2],
                    UrDenialDate = dates[3],
                    ApplicationReceived = dates[4],
                    Priority = priority,
                    Reviewer = new ReviewerCredentials { StatesOfLicensure = states, Specialties = specialties },
                    ClinicalSummary = summary,
                    Items = items,
                }
                : new DeterminationLetter
                {
                    Layout = LetterLayout.Narrative2013,
                    Reviewer = new ReviewerCredentials { StatesOfLicensure = states, Specialties = specialties },
                    ClinicalSummary = summary,
                    Items = items,
                });

    [Fact]
    public void Any_letter_reads_back_from_its_text_unchanged()
    {
        var parser = new LetterTextParser();
        var renderer = new LetterTextRenderer();

        Letter.Sample(letter => parser.Parse(renderer.Render(letter)).ShouldMatchLetter(letter), iter: 150, threads: 1);
    }

    /// <summary>
    /// A generated letter with a run of one-line blocks at the foot of a page (item heading, guideline lines, a one-line
    /// first rationale paragraph): the rationale's paragraph break must not fall on the page break, where it would be lost.
    /// </summary>
    [Theory]
    [InlineData("3kRXc0Hxngu1")]
    public void A_paragraph_break_after_a_run_of_one_line_blocks_at_the_foot_of_a_page_survives(string seed)
    {
        var parser = new LetterTextParser();
        var renderer = new LetterTextRenderer();

        Letter.Sample(letter => parser.Parse(renderer.Render(letter)).ShouldMatchLetter(letter), iter: 1, threads: 1, seed: seed);
    }

    [Fact]
    public void Any_letter_reads_back_from_its_pdf_unchanged()
    {
        var reader = new LetterPdfReader();
        var renderer = new LetterPdfRenderer();

        Letter.Sample(letter => reader.Read(renderer.Render(letter)).ShouldMatchLetter(letter), iter: 25, threads: 1);
    }

    [Fact]
    public void Any_letter_survives_json()
    {
        Letter.Sample(letter => LetterJson.Deserialize(LetterJson.Serialize(letter)).ShouldMatchLetter(letter), iter: 100, threads: 1);
    }
}
