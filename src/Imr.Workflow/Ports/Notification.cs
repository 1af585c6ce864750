using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>A notification message; <see cref="Id"/> is deterministic so consumers can drop duplicates.</summary>
public sealed record Notification
{
    /// <summary>Deterministic id.</summary>
    public required string Id { get; init; }

    /// <summary>AssignmentNotice, RecordsRequest, ReviewStarted, Reminder, Escalation, Reassignment, Determination.</summary>
    public required string Kind { get; init; }

    /// <summary>The case.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Who it is for: a reviewer id or a party role/id.</summary>
    public required string Recipient { get; init; }

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>A reference (blob path or URL) rather than content.</summary>
    public string? Reference { get; init; }

    /// <summary>Short non-clinical detail, e.g. the escalation level.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// On an assignment notice only: the assignment credential the reviewer sends with the decision. The queue is the
    /// delivery channel to the reviewer's inbox, so it is the one place the token exists in clear; never log it.
    /// </summary>
    public string? AssignmentToken { get; init; }
}
