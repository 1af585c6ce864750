using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>Reviewer guidelines written from structured citations read exactly as the published letters do.</summary>
public sealed class ReviewerGuidelineWordingTests
{
    private static readonly Lazy<HashSet<string>> CorpusGuidelines = new(() =>
        LetterCorpus.CaseNumbers()
            .SelectMany(n => new LetterTextParser().Parse(LetterCorpus.Text(n)).Items)
            .Select(i => i.ReviewerGuideline)
            .ToHashSet(StringComparer.Ordinal));

    public static TheoryData<string> Written() => new()
    {
        ReviewerGuidelineWording.Mtus([new MtusCitation("Shoulder Complaints 2004", "Special Studies")]),
        ReviewerGuidelineWording.Mtus([new MtusCitation("Acupuncture Treatment 2007")]),
        ReviewerGuidelineWording.Mtus(
        [
            new MtusCitation("Neck and Upper Back Complaints 2004", "Special Studies"),
            new MtusCitation("Forearm, Wrist, and Hand Complaints 2004", "Special Studies"),
        ]),
        ReviewerGuidelineWording.Mtus([new MtusCitation("Shoulder Complaints 2004", "Special Studies")], "Official Disability Guidelines (ODG) MRI shoulder"),
        ReviewerGuidelineWording.OutsideMtus("Official Disability Guidelines (ODG) Hip & Pelvis, X-Ray."),
        ReviewerGuidelineWording.NoEvidenceCited(),
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Each_wording_is_one_a_published_letter_uses(string guideline)
    {
        CorpusGuidelines.Value.ShouldContain(guideline);
    }

    [Fact]
    public void An_mtus_guideline_needs_a_citation()
    {
        Should.Throw<ArgumentException>(() => ReviewerGuidelineWording.Mtus([])).ParamName.ShouldBe("citations");
    }
}
