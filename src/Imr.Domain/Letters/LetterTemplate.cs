namespace Imr.Domain.Letters;

/// <summary>The organization's name and the boilerplate a letter prints around the case's own facts; defaults match the DWC corpus letters.</summary>
/// <remarks>
/// Wordings use named placeholders in braces ({organization}, {states}, {specialties}, {original}, {authorized}, {remaining}).
/// The parser turns the same wordings into patterns, so a template change is read back as well as written.
/// </remarks>
public sealed record LetterTemplate
{
    /// <summary>The template matching the 2016–17 MAXIMUS letters.</summary>
    public static LetterTemplate Default { get; } = new();

    /// <summary>Full name of the IMR organization.</summary>
    public string OrganizationName { get; init; } = "MAXIMUS Federal Services";

    /// <summary>Short name used in the reviewer-guideline label ("MAXIMUS guideline:").</summary>
    public string OrganizationShortName { get; init; } = "MAXIMUS";

    /// <summary>Paragraph under HOW THE IMR FINAL DETERMINATION WAS MADE in the 2016–17 layout.</summary>
    public string HowDeterminationWasMade { get; init; } =
        "{organization} sent the complete case file to an expert reviewer. He/she has no affiliation with the employer, "
        + "employee, providers or the claims administrator. He/she has been in active clinical practice for more than five "
        + "years and is currently working at least 24 hours a week in active practice. The expert reviewer was selected based "
        + "on his/her clinical experience, education, background, and expertise in the same or similar specialties that "
        + "evaluate and/or treat the medical condition and disputed items/Service. He/she is familiar with governing laws and "
        + "regulations, including the strength of evidence hierarchy that applies to Independent Medical Review determinations.";

    /// <summary>The same paragraph in the older layout, which names the credentials inline.</summary>
    public string HowDeterminationWasMadeNarrative { get; init; } =
        "{organization} sent the complete case file to an expert reviewer. He/she has no affiliation with the employer, "
        + "employee, providers or the claims administrator. The expert reviewer is Board Certified in {specialties}, and is "
        + "licensed to practice in {states}. He/she has been in active clinical practice for more than five years and is "
        + "currently working at least 24 hours a week in active practice. The expert reviewer was selected based on his/her "
        + "clinical experience, education, background, and expertise in the same or similar specialties that evaluate and/or "
        + "treat the medical condition and disputed items/services. He/she is familiar with governing laws and regulations, "
        + "including the strength of evidence hierarchy that applies to Independent Medical Review determinations.";

    /// <summary>Line introducing the credentials block.</summary>
    public string CredentialsIntroduction { get; init; } = "The Expert Reviewer has the following credentials:";

    /// <summary>Label of the licensure line.</summary>
    public string StatesOfLicensureLabel { get; init; } = "State(s) of Licensure:";

    /// <summary>Label of the certification line.</summary>
    public string SpecialtiesLabel { get; init; } = "Certification(s)/Specialty:";

    /// <summary>Sentence opening the clinical case summary.</summary>
    public string ClinicalSummaryIntroduction { get; init; } =
        "The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:";

    /// <summary>Sentence opening the issues section.</summary>
    public string IssuesIntroduction { get; init; } =
        "The Final Determination was based on decisions for the disputed items/services set forth below:";

    /// <summary>Heading text of a partial request where only the remaining portion went to IMR (ends before ": Upheld").</summary>
    public string PartialRemainingPortionWording { get; init; } =
        "{original} was the original request. {authorized} was authorized by the Claims Administrator. "
        + "The remaining IMR eligible portion of the original request, {remaining} is";

    /// <summary>Heading text of a partial request where the whole original request stayed IMR eligible.</summary>
    public string PartialWholeRequestWording { get; init; } =
        "{original} was the original request. The Claims Administrator authorized {authorized}, "
        + "leaving the original request IMR eligible. The original request, {remaining} is";

    /// <summary>Reviewer guideline citing MTUS; {citations} is one or more "guideline, Section(s): section" joined by ", and ".</summary>
    public string MtusGuidelineWording { get; init; } = "Decision based on MTUS {citations}.";

    /// <summary>Sentence citing a source outside the MTUS.</summary>
    public string NonMtusCitationWording { get; init; } = "Decision based on Non-MTUS Citation {citation}.";

    /// <summary>Sentence that opens a reviewer guideline relying only on sources outside the MTUS.</summary>
    public string OutsideMtusWording { get; init; } =
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines.";

    /// <summary>Reviewer guideline when the reviewer cited no medical evidence.</summary>
    public string NoEvidenceCitedWording { get; init; } = "The Expert Reviewer did not cite any medical evidence for its decision.";

    /// <summary>Label of the claims administrator's guideline.</summary>
    public string ClaimsAdministratorGuidelineLabel { get; init; } = "Claims Administrator guideline:";

    /// <summary>Label of the rationale.</summary>
    public string RationaleLabel { get; init; } = "Decision rationale:";

    /// <summary>Label of the reviewer's guideline, derived from the organization's short name.</summary>
    public string ReviewerGuidelineLabel => OrganizationShortName + " guideline:";

    /// <summary>Separator printed between states or specialties.</summary>
    public string ListSeparator { get; init; } = ", ";

    /// <summary>Left part of the running footer on every PDF page; {case} is the case number.</summary>
    public string PageFooterCase { get; init; } = "IMR Case {case}";

    /// <summary>Right part of the running footer on every PDF page; {page} and {pages} are filled in.</summary>
    public string PageFooterNumber { get; init; } = "Page {page} of {pages}";

    internal static string Fill(string wording, params (string Name, string Value)[] values)
    {
        var text = wording;
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
