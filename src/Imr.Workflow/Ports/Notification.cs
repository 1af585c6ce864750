using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>
/// One message on the <c>notifications</c> queue: every notice one step of a case sends, each addressed to its own
/// recipient. <see cref="Id"/> is the step's and deterministic, so consumers can drop a repeated message.
/// </summary>
public sealed record Notification
{
    /// <summary>Deterministic id of the step's message.</summary>
    public required string Id { get; init; }

    /// <summary>The case.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The step's notices, one per recipient, in the order the step sends them; never empty.</summary>
    public required IReadOnlyList<Notice> Notices { get; init; }
}

/// <summary>One notice of a <see cref="Notification"/>, addressed to one recipient.</summary>
public sealed record Notice
{
    /// <summary>Deterministic id of this notice (the step, the kind and, for a party, its role), unique within the case.</summary>
    public required string Id { get; init; }

    /// <summary>AssignmentNotice, NoticeOfAssignment, RecordsRequest, ReviewStarted, Reminder, Escalation, Determination, ….</summary>
    public required string Kind { get; init; }

    /// <summary>Who it is for: a reviewer id or a party id.</summary>
    public required string Recipient { get; init; }

    /// <summary>The recipient's role in the case ("employer", "claimsAdministrator", …) where the kind goes to several parties.</summary>
    public string? Role { get; init; }

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
