using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Reviewers;

/// <summary>An expert reviewer in the registry, with everything eligibility needs.</summary>
public sealed record Reviewer
{
    /// <summary>Stable registry identifier.</summary>
    public required string Id { get; init; }

    /// <summary>Display name; never printed on a letter (LC § 4610.6(f)).</summary>
    public string Name { get; init; } = "";

    /// <summary>Licenses held, each with its <see cref="LicenseType"/>.</summary>
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

/// <summary>A license to practice a healing art.</summary>
public sealed record License
{
    /// <summary>Two-letter state code, e.g. "CA".</summary>
    public required string State { get; init; }

    /// <summary>What the license is for: a physician's (M.D. or D.O.) by default, or another licensed profession.</summary>
    public LicenseType Type { get; init; } = LicenseType.Physician;

    /// <summary>License number.</summary>
    public string Number { get; init; } = "";

    /// <summary>Active, Restricted, Suspended, Revoked, Expired or Inactive.</summary>
    public LicenseStatus Status { get; init; } = LicenseStatus.Active;

    /// <summary>Date after which the license is no longer valid.</summary>
    public DateOnly Expires { get; init; }
}

/// <summary>
/// The profession a license is for. A physician (M.D. or D.O.) must also hold a board certification in a fitting
/// specialty; any other licensed reviewer is qualified by the license's own specialty (LC § 139.5; LC § 3209.3).
/// </summary>
[JsonConverter(typeof(StrictEnumConverter<LicenseType>))]
public enum LicenseType
{
    /// <summary>Physician and surgeon or osteopathic physician (M.D. or D.O.): board certification required.</summary>
    Physician,

    /// <summary>Doctor of chiropractic: qualified in "Chiropractic".</summary>
    Chiropractor,

    /// <summary>Licensed acupuncturist: qualified in "Acupuncture".</summary>
    Acupuncturist,

    /// <summary>Licensed psychologist: qualified in "Clinical Psychology".</summary>
    Psychologist,

    /// <summary>Doctor of podiatric medicine: qualified in "Podiatric Surgery".</summary>
    Podiatrist,

    /// <summary>Dentist: qualified in "Dentistry".</summary>
    Dentist,

    /// <summary>Optometrist: qualified in "Optometry".</summary>
    Optometrist,
}

/// <summary>The specialty each non-physician license qualifies its holder in.</summary>
public static class LicenseTypes
{
    /// <summary>True for the licenses that need a board certification besides (M.D. and D.O.).</summary>
    public static bool NeedsBoardCertification(this LicenseType type) => type == LicenseType.Physician;

    /// <summary>The specialty the license itself qualifies its holder in, or null for a physician (qualified by certification).</summary>
    public static string? Specialty(this LicenseType type) => type switch
    {
        LicenseType.Chiropractor => "Chiropractic",
        LicenseType.Acupuncturist => "Acupuncture",
        LicenseType.Psychologist => "Clinical Psychology",
        LicenseType.Podiatrist => "Podiatric Surgery",
        LicenseType.Dentist => "Dentistry",
        LicenseType.Optometrist => "Optometry",
        _ => null,
    };
}

/// <summary>Status of a license as the board reports it.</summary>
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
