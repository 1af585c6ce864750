using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Cases;

/// <summary>
/// One IMR application as an intake receives it (schema version 1.0). Every member is nullable on purpose:
/// the document comes from outside, and the case-file validator reports what is missing with its JSON path.
/// </summary>
public sealed record CaseFile
{
    /// <summary>The schema versions this system reads.</summary>
    public static readonly IReadOnlyList<string> SupportedSchemaVersions = ["1.0"];

    /// <summary>Schema version of the document, e.g. "1.0".</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>The case number, when the application already has one; otherwise the system assigns one.</summary>
    public string? CaseNumber { get; init; }

    /// <summary>Standard or Expedited.</summary>
    public Priority? Priority { get; init; }

    /// <summary>The treating physician's certification of an imminent and serious threat; required when Expedited.</summary>
    public ExpeditedCertification? ExpeditedCertification { get; init; }

    /// <summary>The dates that start the statutory clocks.</summary>
    public CaseDates? Dates { get; init; }

    /// <summary>The Administrative Director's finding that the dispute is eligible, and its assignment (8 CCR § 9792.10.3).</summary>
    public EligibilityFinding? EligibilityFinding { get; init; }

    /// <summary>The parties to the dispute, each with a stable identifier.</summary>
    public CaseParties? Parties { get; init; }

    /// <summary>The conditions or body parts under treatment, in plain words ("cervical strain", "lumbar spine").</summary>
    public IReadOnlyList<string>? Conditions { get; init; }

    /// <summary>The treatment items the UR decision denied or modified and the worker disputes.</summary>
    public IReadOnlyList<DisputedItem>? DisputedItems { get; init; }

    /// <summary>Medical records and other documents, held in blob storage.</summary>
    public IReadOnlyList<DocumentReference>? Documents { get; init; }

    /// <summary>An optional clinical summary supplied with the application; the reviewer's own summary takes precedence in the letter.</summary>
    public string? ClinicalSummary { get; init; }
}

/// <summary>Standard review, or expedited for an imminent and serious threat to health.</summary>
[JsonConverter(typeof(StrictEnumConverter<Priority>))]
public enum Priority
{
    /// <summary>Standard review: records in 15 (or 12) days, decision 30 days after receipt.</summary>
    Standard,

    /// <summary>Expedited review: records in 24 hours, decision 3 days after receipt.</summary>
    Expedited,
}

/// <summary>How a document such as the UR decision was served; every method but personal service adds five days to the filing window (8 CCR § 10605(a)).</summary>
[JsonConverter(typeof(StrictEnumConverter<ServiceMethod>))]
public enum ServiceMethod
{
    /// <summary>Served by mail.</summary>
    Mail,

    /// <summary>Served electronically (email, portal).</summary>
    Electronic,

    /// <summary>Served by fax.</summary>
    Fax,

    /// <summary>Served in person.</summary>
    Personal,
}

/// <summary>The treating physician's certification that justifies an expedited review.</summary>
public sealed record ExpeditedCertification
{
    /// <summary>Identifier of the certifying physician (a party identifier).</summary>
    public string? CertifiedBy { get; init; }

    /// <summary>Date the certification was signed.</summary>
    public DateOnly? CertifiedOn { get; init; }

    /// <summary>The physician's statement of the imminent and serious threat.</summary>
    public string? Statement { get; init; }
}

/// <summary>The dates on an IMR application.</summary>
public sealed record CaseDates
{
    /// <summary>Date of injury.</summary>
    public DateOnly? Injury { get; init; }

    /// <summary>Date of the UR decision that denied or modified the request.</summary>
    public DateOnly? UrDecision { get; init; }

    /// <summary>Date the UR decision was served on the employee.</summary>
    public DateOnly? UrDecisionServed { get; init; }

    /// <summary>How the UR decision was served.</summary>
    public ServiceMethod? UrDecisionServedBy { get; init; }

    /// <summary>Date the IMR application was received.</summary>
    public DateOnly? ApplicationReceived { get; init; }
}

/// <summary>
/// The Administrative Director's finding that the disputed treatment is eligible for IMR and the assignment to this
/// organization (8 CCR § 9792.10.3(c)); its receipt starts the one business day of the notice of assignment (§ 9792.10.4(b)).
/// </summary>
public sealed record EligibilityFinding
{
    /// <summary>Date the Administrative Director found the dispute eligible and assigned it.</summary>
    public DateOnly? AssignedOn { get; init; }

    /// <summary>Date this organization received the finding.</summary>
    public DateOnly? ReceivedOn { get; init; }
}

/// <summary>A party to a case: a stable identifier (used for conflict checks) and a display name.</summary>
public sealed record Party
{
    /// <summary>Stable identifier, e.g. an NPI, FEIN or the registry's own id.</summary>
    public string? Id { get; init; }

    /// <summary>Name of the person or organization.</summary>
    public string? Name { get; init; }
}

/// <summary>Everyone whose affiliation would disqualify a reviewer.</summary>
public sealed record CaseParties
{
    /// <summary>The injured worker.</summary>
    public Party? Employee { get; init; }

    /// <summary>The employer.</summary>
    public Party? Employer { get; init; }

    /// <summary>The claims administrator (insurer or third-party administrator).</summary>
    public Party? ClaimsAdministrator { get; init; }

    /// <summary>The provider who requested the treatment.</summary>
    public Party? RequestingProvider { get; init; }

    /// <summary>The treating provider, when different from the requesting one.</summary>
    public Party? TreatingProvider { get; init; }

    /// <summary>The physician who made the UR decision.</summary>
    public Party? UrReviewer { get; init; }

    /// <summary>The utilization-review organization.</summary>
    public Party? UrOrganization { get; init; }

    /// <summary>The employee's attorney, when represented: gets the notice of assignment (8 CCR § 9792.10.4(b)) and is a reviewer conflict (LC § 139.5).</summary>
    public Party? EmployeeAttorney { get; init; }

    /// <summary>The facility or institution where the disputed treatment would be given, if known (LC § 139.5).</summary>
    public Party? Facility { get; init; }

    /// <summary>The maker of the principal drug or device at issue, if any (LC § 139.5).</summary>
    public Party? Manufacturer { get; init; }

    /// <summary>Every party that is present, for conflict-of-interest checks.</summary>
    public IEnumerable<Party> All() =>
        new[] { Employee, Employer, ClaimsAdministrator, RequestingProvider, TreatingProvider, UrReviewer, UrOrganization, EmployeeAttorney, Facility, Manufacturer }
            .Where(p => p is not null)!;
}

/// <summary>One disputed treatment item.</summary>
public sealed record DisputedItem
{
    /// <summary>What was requested, e.g. "Physical therapy 2x6 lumbar spine".</summary>
    public string? Description { get; init; }

    /// <summary>Quantity requested, e.g. 1.00 as the older letters print "QTY:1.00".</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Set when UR authorized part of the request; only the remainder is disputed.</summary>
    public PartialAuthorization? PartialAuthorization { get; init; }

    /// <summary>The guideline the claims administrator cited for its UR decision.</summary>
    public string? ClaimsAdministratorGuideline { get; init; }
}

/// <summary>"X was the original request; Y was authorized."</summary>
public sealed record PartialAuthorization
{
    /// <summary>The original request.</summary>
    public string? OriginalRequest { get; init; }

    /// <summary>What UR authorized.</summary>
    public string? Authorized { get; init; }
}

/// <summary>A reference to a document held in blob storage; documents travel as references, never bytes.</summary>
public sealed record DocumentReference
{
    /// <summary>File name as submitted, e.g. "pr2-2013-05-01.pdf".</summary>
    public string? Name { get; init; }

    /// <summary>Blob path relative to the storage account, e.g. "cases/CM13-0000001/records/pr2.pdf".</summary>
    public string? BlobPath { get; init; }

    /// <summary>MIME type, e.g. "application/pdf".</summary>
    public string? ContentType { get; init; }
}
