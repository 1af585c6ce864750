using Imr.Domain.Cases;
using Imr.Domain.Reviewers;

namespace Imr.Workflow.Ports;

/// <summary>Table storage for the reviewer registry and reviewers' load.</summary>
public interface IReviewerRegistry
{
    /// <summary>Creates a reviewer; false when the id is taken.</summary>
    Task<bool> TryCreateAsync(Reviewer reviewer, CancellationToken cancellationToken = default);

    /// <summary>Replaces a reviewer's profile (credentials, affiliations, capacity, status), keeping the load the registry counts; false when unknown.</summary>
    Task<bool> UpdateAsync(Reviewer reviewer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a reviewer with the current load; null when unknown. Throws <see cref="UnreadableReviewerException"/> when the
    /// stored profile cannot be read (a replacing <see cref="UpdateAsync"/> repairs it).
    /// </summary>
    Task<Reviewer?> GetAsync(string reviewerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reviewers certified in any of these specialties, reading only those specialties' partitions. A profile that
    /// cannot be read is left out and named in <see cref="ReviewerSearch.Unreadable"/>, so it costs one reviewer, not the search.
    /// </summary>
    Task<ReviewerSearch> FindBySpecialtiesAsync(IReadOnlyCollection<string> specialties, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the case was assigned to the reviewer (attempt n) and adds one to the load, exactly once:
    /// calling it again for the same case and attempt changes nothing and returns false. Safe under concurrency.
    /// </summary>
    Task<bool> RecordAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default);

    /// <summary>Ends that assignment and takes one off the load, exactly once (decided, reassigned, or terminated).</summary>
    Task<bool> ReleaseAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default);
}

/// <summary>The reviewers a search found, and the ids of those whose stored profile could not be read.</summary>
/// <param name="Reviewers">The readable reviewers, by id.</param>
/// <param name="Unreadable">The reviewers left out because their stored profile cannot be read, by id.</param>
public sealed record ReviewerSearch(IReadOnlyList<Reviewer> Reviewers, IReadOnlyList<string> Unreadable);

/// <summary>A stored reviewer profile that cannot be read back; the message names the reviewer and the field, never its content.</summary>
public sealed class UnreadableReviewerException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UnreadableReviewerException()
        : this("", "$", "The stored profile cannot be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnreadableReviewerException(string message)
        : this("", "$", message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public UnreadableReviewerException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReviewerId = "";
        Field = "$";
        Reason = message;
    }

    /// <summary>Creates the exception for one reviewer and field.</summary>
    public UnreadableReviewerException(string reviewerId, string field, string reason, Exception? innerException = null)
        : base($"The stored profile of reviewer '{reviewerId}' cannot be read at {field}: {reason}", innerException)
    {
        ReviewerId = reviewerId;
        Field = field;
        Reason = reason;
    }

    /// <summary>The reviewer.</summary>
    public string ReviewerId { get; }

    /// <summary>The profile field that cannot be read, as a JSON path of the profile (e.g. <c>$.affiliations</c>).</summary>
    public string Field { get; }

    /// <summary>Why, without the stored content.</summary>
    public string Reason { get; }
}

/// <summary>Append-only audit trail; nothing updates or deletes an entry.</summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry; appending the same <see cref="AuditEntry.Id"/> again changes nothing (so retries never duplicate).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The case's entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);
}

/// <summary>One audit entry: who did what to which case, when, under which policy and workflow version. No clinical text.</summary>
public sealed record AuditEntry
{
    /// <summary>Deterministic id (e.g. derived from the orchestration instance and step) so a retried write is recognised.</summary>
    public required string Id { get; init; }

    /// <summary>The case.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Who: "system", "reviewer:{id}", "claims-administrator", "api", "timer".</summary>
    public required string Actor { get; init; }

    /// <summary>What: e.g. "CaseAccepted", "Assigned", "Escalated", "DecisionRefused", "Determined".</summary>
    public required string Action { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Short, non-clinical detail (state change, reviewer id, reasons).</summary>
    public string Detail { get; init; } = "";

    /// <summary>The statutory policy version in force.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>The workflow (rules) version in force.</summary>
    public string WorkflowVersion { get; init; } = "";
}

/// <summary>Allocates case numbers without gaps or duplicates, using conditional writes.</summary>
public interface ICaseNumberAllocator
{
    /// <summary>The next number for a two-digit year.</summary>
    Task<CaseNumber> AllocateAsync(int twoDigitYear, CancellationToken cancellationToken = default);
}

/// <summary>Maps a client request id, or a case file's content hash, to the case it created.</summary>
public interface IIdempotencyRecords
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="caseNumber"/>. When the key was claimed before, returns the earlier claim
    /// (with its content hash, so a caller can tell a replay from a conflicting reuse).
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string key, CaseNumber caseNumber, string contentHash, CancellationToken cancellationToken = default);

    /// <summary>Reads a claim; null when the key is unused.</summary>
    Task<IdempotencyClaim?> GetAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>A claimed idempotency key.</summary>
public sealed record IdempotencyClaim(string Key, CaseNumber CaseNumber, string ContentHash, bool IsNew);

/// <summary>The <c>notifications</c> queue: assignment notices, records requests, reminders, escalations, determinations.</summary>
public interface INotificationQueue
{
    /// <summary>Sends a message. Messages carry references, never clinical text.</summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

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
