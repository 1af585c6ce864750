using System.Text.Json.Serialization;

namespace Imr.Domain.Letters;

/// <summary>An IMR Final Determination letter: the header table, the reviewer's credentials, the clinical summary and one decision per disputed item.</summary>
/// <remarks>
/// The reviewer's name is deliberately absent: LC 4610.6(f) keeps the reviewer anonymous, so a letter only carries credentials.
/// Free text (clinical summary, rationales) keeps paragraph breaks as a blank line ("\n\n"); line wrapping is not part of the model.
/// </remarks>
public sealed record DeterminationLetter
{
    /// <summary>IMR case number, e.g. CM16-0213037; null only for older letters that print no header table.</summary>
    public string? CaseNumber { get; init; }

    /// <summary>Date the case was assigned to the IMR organization.</summary>
    public DateOnly? DateAssigned { get; init; }

    /// <summary>Date of the industrial injury.</summary>
    public DateOnly? DateOfInjury { get; init; }

    /// <summary>Date of the Final Determination.</summary>
    public DateOnly? DecisionDate { get; init; }

    /// <summary>Date of the utilization-review denial being disputed.</summary>
    public DateOnly? UrDenialDate { get; init; }

    /// <summary>Date the IMR application was received.</summary>
    public DateOnly? ApplicationReceived { get; init; }

    /// <summary>Standard or Expedited review; null only for older letters that print no header table.</summary>
    public LetterPriority? Priority { get; init; }

    /// <summary>The expert reviewer's credentials (never the name).</summary>
    public ReviewerCredentials Reviewer { get; init; } = new();

    /// <summary>The clinical case summary written by the expert reviewer (without the template's introductory sentence).</summary>
    public string ClinicalSummary { get; init; } = "";

    /// <summary>One decision per disputed item, in letter order.</summary>
    public IReadOnlyList<LetterItem> Items { get; init; } = [];

    /// <summary>Which of the known letter layouts this letter uses; the 2016–17 layout unless stated.</summary>
    public LetterLayout Layout { get; init; } = LetterLayout.Tabular2016;
}

/// <summary>The expert reviewer's credentials as printed in a letter.</summary>
public sealed record ReviewerCredentials
{
    /// <summary>States in which the reviewer is licensed, in letter order.</summary>
    public IReadOnlyList<string> StatesOfLicensure { get; init; } = [];

    /// <summary>Board certifications / specialties, in letter order.</summary>
    public IReadOnlyList<string> Specialties { get; init; } = [];
}

/// <summary>The decision on one disputed item and the reasons for it.</summary>
public sealed record LetterItem
{
    /// <summary>The item decided, e.g. "MRI of the right shoulder without contrast"; for a partial request, the IMR-eligible portion.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether the UR denial was upheld or overturned.</summary>
    public ItemDecision Decision { get; init; }

    /// <summary>The guideline the claims administrator cited.</summary>
    public string ClaimsAdministratorGuideline { get; init; } = "";

    /// <summary>The guideline the IMR organization's expert reviewer relied on.</summary>
    public string ReviewerGuideline { get; init; } = "";

    /// <summary>The reviewer's rationale.</summary>
    public string Rationale { get; init; } = "";

    /// <summary>Set when the claims administrator authorized part of the original request and only the rest went to IMR.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PartialRequest? PartialRequest { get; init; }

    /// <summary>Quantity in the older "DESCRIPTION QTY:1.00" item style, kept as printed (e.g. "1.00").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Quantity { get; init; }
}

/// <summary>A request the claims administrator partly authorized; the item's Description is then the portion IMR decided.</summary>
public sealed record PartialRequest
{
    /// <summary>The original request as the letter first states it.</summary>
    public string OriginalRequest { get; init; } = "";

    /// <summary>What the claims administrator authorized.</summary>
    public string AuthorizedPortion { get; init; } = "";

    /// <summary>Which of the two corpus wordings the letter uses.</summary>
    public PartialRequestWording Wording { get; init; }
}

/// <summary>How a letter words a partial request.</summary>
public enum PartialRequestWording
{
    /// <summary>"X was the original request. Y was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, Z is: …"</summary>
    RemainingPortion,

    /// <summary>"X was the original request. The Claims Administrator authorized Y, leaving the original request IMR eligible. The original request, Z is: …"</summary>
    WholeRequestEligible,
}

/// <summary>The reviewer's decision on a disputed item.</summary>
public enum ItemDecision
{
    /// <summary>The UR denial stands.</summary>
    Upheld,

    /// <summary>The UR denial is reversed; the item must be authorized.</summary>
    Overturned,
}

/// <summary>Review priority printed in the header table.</summary>
public enum LetterPriority
{
    /// <summary>Standard review (decision due in 30 days).</summary>
    Standard,

    /// <summary>Expedited review (decision due in 3 days).</summary>
    Expedited,
}

/// <summary>The letter layouts this code reads and writes.</summary>
public enum LetterLayout
{
    /// <summary>2016–17 letters: header table and a separate credentials block.</summary>
    Tabular2016,

    /// <summary>Older (2013) letters: no header table; credentials inside the "how it was made" paragraph.</summary>
    Narrative2013,
}
