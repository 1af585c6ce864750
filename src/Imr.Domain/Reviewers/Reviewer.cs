using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Reviewers;

/// <summary>An expert reviewer in the registry, with everything eligibility needs.</summary>
public sealed record Reviewer
{
    /// <summary>Stable registry identifier.</summary>
    public required string Id { get; init; }

    /// <summary>Display name; never printed on a letter (LC 4610.6(f)).</summary>
    public string Name { get; init; } = "";

    /// <summary>Medical licenses held.</summary>
    public IReadOnlyList<License> Licenses { get; init; } = [];

    /// <summary>Board certifications held.</summary>
    public IReadOnlyList<BoardCertification> Certifications { get; init; } = [];

    /// <summary>Years in active clinical practice.</summary>
    public decimal YearsInActivePractice { get; init; }

    /// <summary>Clinical hours per week currently worked.</summary>
    public decimal ClinicalHoursPerWeek { get; init; }

    /// <summary>Parties and organizations the reviewer is affiliated with (conflict of interest).</summary>
    public IReadOnlyList<Affiliation> Affiliations { get; init; } = [];

    /// <summary>Open cases currently assigned.</summary>
    public int CurrentCaseload { get; init; }

    /// <summary>Maximum open cases.</summary>
    public int Capacity { get; init; }

    /// <summary>Active reviewers take cases; paused ones do not.</summary>
    public ReviewerStatus Status { get; init; } = ReviewerStatus.Active;
}

/// <summary>Whether a reviewer is taking cases.</summary>
[JsonConverter(typeof(StrictEnumConverter<ReviewerStatus>))]
public enum ReviewerStatus
{
    /// <summary>Taking cases.</summary>
    Active,

    /// <summary>Not taking cases for now.</summary>
    Paused,
}

/// <summary>A medical license.</summary>
public sealed record License
{
    /// <summary>Two-letter state code, e.g. "CA".</summary>
    public required string State { get; init; }

    /// <summary>License number.</summary>
    public string Number { get; init; } = "";

    /// <summary>Active, Restricted, Suspended, Revoked, Expired or Inactive.</summary>
    public LicenseStatus Status { get; init; } = LicenseStatus.Active;

    /// <summary>Date after which the license is no longer valid.</summary>
    public DateOnly Expires { get; init; }
}

/// <summary>Status of a medical license as the board reports it.</summary>
[JsonConverter(typeof(StrictEnumConverter<LicenseStatus>))]
public enum LicenseStatus
{
    /// <summary>Active and unrestricted.</summary>
    Active,

    /// <summary>Active with restrictions or probation.</summary>
    Restricted,

    /// <summary>Suspended.</summary>
    Suspended,

    /// <summary>Revoked.</summary>
    Revoked,

    /// <summary>Inactive or retired.</summary>
    Inactive,
}

/// <summary>A board certification in a specialty.</summary>
public sealed record BoardCertification
{
    /// <summary>Certifying board, e.g. "American Board of Orthopaedic Surgery".</summary>
    public string Board { get; init; } = "";

    /// <summary>Specialty as letters print it, e.g. "Orthopedic Surgery", "Pain Management".</summary>
    public required string Specialty { get; init; }

    /// <summary>Date after which the certification lapses.</summary>
    public DateOnly Expires { get; init; }
}

/// <summary>An affiliation that creates a conflict of interest with a party or organization.</summary>
public sealed record Affiliation
{
    /// <summary>The party identifier (as in the case file) the reviewer is affiliated with.</summary>
    public string PartyId { get; init; } = "";

    /// <summary>The organization name, matched case-insensitively against party names.</summary>
    public string Organization { get; init; } = "";
}
