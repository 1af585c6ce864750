using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Cases;

/// <summary>Where a case stands in its lifecycle.</summary>
[JsonConverter(typeof(StrictEnumConverter<CaseState>))]
public enum CaseState
{
    /// <summary>The case file arrived and is being checked.</summary>
    Received,

    /// <summary>The case file was invalid; it is quarantined with its reasons.</summary>
    Rejected,

    /// <summary>The application is not eligible for IMR (for example, filed too late).</summary>
    Ineligible,

    /// <summary>No eligible reviewer yet; the workflow retries and escalates.</summary>
    Unassigned,

    /// <summary>Assigned; waiting for the medical records.</summary>
    AwaitingRecords,

    /// <summary>Records received (or due date passed); the reviewer is deciding.</summary>
    UnderReview,

    /// <summary>The Final Determination has been issued.</summary>
    Determined,

    /// <summary>Ended early: withdrawn, or the treatment was authorized.</summary>
    Terminated,

    /// <summary>Joined to another open case of the same employee, requesting physician and date of injury, whose single determination resolves it (8 CCR § 9792.10.4(a)).</summary>
    Consolidated,
}
