using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Decisions;

/// <summary>The outcome for one disputed item.</summary>
[JsonConverter(typeof(StrictEnumConverter<Decision>))]
public enum Decision
{
    /// <summary>The UR denial stands: the treatment is not medically necessary.</summary>
    Upheld,

    /// <summary>The UR denial is reversed: the treatment must be authorized.</summary>
    Overturned,
}

/// <summary>The reviewer's decision on one disputed item.</summary>
public sealed record ItemDecision
{
    /// <summary>The disputed item's description, exactly as in the case file.</summary>
    public string? Description { get; init; }

    /// <summary>Upheld or Overturned.</summary>
    public Decision? Decision { get; init; }

    /// <summary>The guideline the reviewer relied on (MTUS, non-MTUS citation, or none).</summary>
    public string? Guideline { get; init; }

    /// <summary>The decision rationale.</summary>
    public string? Rationale { get; init; }
}

/// <summary>A reviewer's decision on a whole case, as submitted.</summary>
public sealed record ReviewerDecision
{
    /// <summary>The reviewer who decided; must be the one assigned.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>One decision per disputed item.</summary>
    public IReadOnlyList<ItemDecision>? Items { get; init; }

    /// <summary>The reviewer's clinical case summary for the letter.</summary>
    public string? ClinicalSummary { get; init; }
}
