using System.Globalization;
using BenchmarkDotNet.Attributes;
using Imr.Domain.Letters;

namespace Imr.Benchmarks;

/// <summary>
/// Rendering and reading a 21-item Final Determination letter (the most items a letter in the corpus has). The baseline is
/// the same letter serialized as JSON, so each ratio is the price of the letter format over a plain serialization.
/// </summary>
[MemoryDiagnoser]
public class LetterBenchmarks
{
    private readonly LetterTextRenderer _textRenderer = new();
    private readonly LetterPdfRenderer _pdfRenderer = new();
    private readonly LetterTextParser _parser = new();
    private readonly LetterPdfReader _pdfReader = new();
    private DeterminationLetter _letter = null!;
    private string _text = "";
    private byte[] _pdf = [];

    /// <summary>A 21-item letter, with its text and PDF rendered once for the reading benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _letter = TwentyOneItemLetter();
        _text = _textRenderer.Render(_letter);
        _pdf = _pdfRenderer.Render(_letter);

        // A benchmark of a reader that fails would measure the exception path; make sure both read back whole.
        if (_parser.Parse(_text).Items.Count != 21 || _pdfReader.Read(_pdf).Items.Count != 21)
        {
            throw new InvalidOperationException("The 21-item letter did not read back with 21 items.");
        }
    }

    /// <summary>Baseline: the letter model as JSON.</summary>
    [Benchmark(Baseline = true)]
    public string Json() => LetterJson.Serialize(_letter);

    /// <summary>The letter as text (what the text endpoint serves).</summary>
    [Benchmark]
    public string RenderText() => _textRenderer.Render(_letter);

    /// <summary>The letter as PDF (what is stored write-once and served as application/pdf).</summary>
    [Benchmark]
    public byte[] RenderPdf() => _pdfRenderer.Render(_letter);

    /// <summary>Reads the letter model back from its text.</summary>
    [Benchmark]
    public DeterminationLetter ParseText() => _parser.Parse(_text);

    /// <summary>Reads the letter model back from its PDF (text extraction, then the parser).</summary>
    [Benchmark]
    public DeterminationLetter ReadPdf() => _pdfReader.Read(_pdf);

    /// <summary>A letter with 21 disputed items, alternating decisions, some partial requests and quantities.</summary>
    public static DeterminationLetter TwentyOneItemLetter() => new()
    {
        CaseNumber = "CM16-0123456",
        DateAssigned = new DateOnly(2016, 10, 3),
        DateOfInjury = new DateOnly(2014, 5, 12),
        DecisionDate = new DateOnly(2016, 11, 15),
        UrDenialDate = new DateOnly(2016, 9, 20),
        ApplicationReceived = new DateOnly(2016, 9, 28),
        Priority = LetterPriority.Standard,
        Reviewer = new ReviewerCredentials
        {
            StatesOfLicensure = ["California", "Texas"],
            Specialties = ["Physical Medicine & Rehabilitation", "Pain Management"],
        },
        ClinicalSummary =
            "The patient is a 52-year-old who reported an industrial injury to the lower back and right knee. Treatment has included " +
            "physical therapy, medications and injections.\n\nThe most recent progress report documents ongoing pain rated 6/10 with " +
            "limited range of motion and no red-flag findings.",
        Items = [.. Enumerable.Range(1, 21).Select(Item)],
    };

    private static LetterItem Item(int n) => new()
    {
        Description = string.Create(CultureInfo.InvariantCulture, $"Physical therapy sessions for the lumbar spine, request {n}"),
        Decision = n % 3 == 0 ? ItemDecision.Overturned : ItemDecision.Upheld,
        ClaimsAdministratorGuideline = "MTUS Chronic Pain Medical Treatment Guidelines, Physical Medicine",
        ReviewerGuideline = ReviewerGuidelineWording.Mtus([new MtusCitation("Chronic Pain Medical Treatment Guidelines", "Physical Medicine")]),
        Rationale =
            "Guidelines recommend a trial of sessions with documented functional improvement before more are authorized. " +
            "There was no evidence of objective functional improvement after the sessions already completed.\n\n" +
            "Therefore, the request is not medically necessary.",
        PartialRequest = n % 7 == 0
            ? new PartialRequest { OriginalRequest = "12 sessions", AuthorizedPortion = "6 sessions", Wording = PartialRequestWording.RemainingPortion }
            : null,
        Quantity = n % 5 == 0 ? "12.00" : null,
    };
}
