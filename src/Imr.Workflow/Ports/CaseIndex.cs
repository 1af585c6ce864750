using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>
/// Table storage for the case index (one row per case) and the deadline index the escalation timer reads.
/// Updates use ETag optimistic concurrency: a lost race is retried against the fresh row or reported, never overwritten blindly.
/// </summary>
public interface ICaseIndex
{
    /// <summary>Creates the row; false when a case with that number already exists.</summary>
    Task<bool> TryCreateAsync(Case @case, CancellationToken cancellationToken = default);

    /// <summary>Reads a case with its ETag; null when none.</summary>
    Task<VersionedCase?> GetAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);

    /// <summary>Replaces the row only if its ETag still matches; throws <see cref="ConcurrencyConflictException"/> on a stale ETag (HTTP 412).</summary>
    Task<VersionedCase> ReplaceAsync(Case @case, string etag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads, applies <paramref name="change"/>, and writes with the ETag, retrying on 412 against the fresh row.
    /// <paramref name="change"/> returns null to leave the row as it is. Keeps the deadline index in step.
    /// Throws <see cref="KeyNotFoundException"/> when the case does not exist.
    /// </summary>
    Task<Case> UpdateAsync(CaseNumber caseNumber, Func<Case, Case?> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="UpdateAsync(CaseNumber, Func{Case, Case?}, CancellationToken)"/>, and appends the step's audit entry in
    /// the same write (one request for both). The entry is appended whether or not the row changes; an entry with the same
    /// id already there stays as it is, as with <see cref="IAuditTrail.AppendAsync"/>.
    /// </summary>
    Task<Case> UpdateAsync(CaseNumber caseNumber, Func<Case, Case?> change, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the row as <paramref name="created"/> when the case has none, or else changes the row as
    /// <see cref="UpdateAsync(CaseNumber, Func{Case, Case?}, CancellationToken)"/> does. For steps that may run before or after the row is created.
    /// </summary>
    Task<Case> UpsertAsync(Case created, Func<Case, Case?> change, CancellationToken cancellationToken = default);

    /// <summary>Lists cases, optionally by state and by a deadline before a time, one page at a time.</summary>
    Task<CasePage> ListAsync(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every open case (Received, Unassigned, AwaitingRecords, UnderReview), read by one query over the case rows a page
    /// at a time; the escalation sweep compares each with its orchestration.
    /// </summary>
    Task<IReadOnlyList<Case>> FindOpenAsync(CancellationToken cancellationToken = default);

    /// <summary>The open cases with a deadline (or escalation point) before <paramref name="dueBefore"/>, read from the deadline index only.</summary>
    Task<IReadOnlyList<DueCase>> FindDueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a deadline entry that <paramref name="current"/> (the case as just read) no longer has: left behind when a
    /// write stopped before deleting what it retired, or kept for a case since closed. True when it was stale and is gone.
    /// </summary>
    Task<bool> DropIfStaleAsync(DueCase entry, Case current, CancellationToken cancellationToken = default);

    /// <summary>
    /// Notes on the entry that the sweep has told the case it is near (<see cref="DueCase.NearRaised"/>), so later sweeps
    /// do not tell it again. The note survives rewrites of the same entry; an entry gone meanwhile is left gone.
    /// </summary>
    Task MarkNearRaisedAsync(DueCase entry, CancellationToken cancellationToken = default);
}

/// <summary>A case and the ETag it was read with.</summary>
public sealed record VersionedCase(Case Case, string ETag);

/// <summary>A filter for listing cases.</summary>
public sealed record CaseQuery
{
    /// <summary>Only cases in this state.</summary>
    public CaseState? State { get; init; }

    /// <summary>Only cases the escalation sweep found stuck (<see cref="Case.Stuck"/> set), whatever their state.</summary>
    public bool Stuck { get; init; }

    /// <summary>Only cases with a deadline before this instant.</summary>
    public DateTimeOffset? DueBefore { get; init; }

    /// <summary>Only cases currently assigned to this reviewer.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>Rows per page (1–1000).</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The token from the previous page, or null for the first.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>One page of cases.</summary>
public sealed record CasePage(IReadOnlyList<Case> Cases, string? ContinuationToken);

/// <summary>An entry of the deadline index: which case falls due, for which deadline, and when.</summary>
public sealed record DueCase(CaseNumber CaseNumber, string Deadline, DateTimeOffset DueAt, int EscalationLevel)
{
    /// <summary>Whether the sweep has already raised DeadlineNear for this entry.</summary>
    public bool NearRaised { get; init; }
}

/// <summary>Thrown when a write lost an optimistic-concurrency race (stale ETag).</summary>
public sealed class ConcurrencyConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException()
        : base("The row changed since it was read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
