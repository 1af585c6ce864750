namespace Imr.Console.Api;

/// <summary>A case as <c>GET /api/cases/{caseNumber}</c> and the list return it (docs/api.md); no clinical text.</summary>
internal sealed record CaseSummary(
    string CaseNumber,
    string State,
    string? StateReason,
    string Priority,
    string? ReviewerId,
    int EscalationLevel,
    CaseDeadlines? Deadlines,
    IReadOnlyList<string>? Items,
    CaseDetermination? Determination,
    CaseStuck? Stuck,
    DateTimeOffset? NoConflictStatedAt,
    NextDeadline? NextDeadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// The statutory point a case waits on next, as the server counts it: <see cref="Left"/> is in the unit
/// <see cref="CountedIn"/> names (CalendarDays, BusinessDays or Hours), negative once overdue.
/// </summary>
public sealed record NextDeadline(string Name, DateTimeOffset Due, string CountedIn, int Left, string Citation);

/// <summary>The statutory deadlines of a case (LC 4610.6(b), (d); 8 CCR 9792.10.5).</summary>
internal sealed record CaseDeadlines(
    DateTimeOffset? RecordsDue,
    DateTimeOffset? RecordsReminder,
    DateTimeOffset? RecordsEscalation,
    DateTimeOffset? DeterminationDue,
    DateTimeOffset? DeterminationReminder,
    DateTimeOffset? DeterminationEscalation);

/// <summary>The issued determination: the decision date and each disputed item's outcome.</summary>
internal sealed record CaseDetermination(string DecisionDate, IReadOnlyList<DeterminedItem> Items);

/// <summary>One disputed item's outcome; an overturned item must be authorized by <see cref="AuthorizationDue"/>.</summary>
internal sealed record DeterminedItem(string Description, string Decision, DateTimeOffset? AuthorizationDue);

/// <summary>Why the escalation sweep marked an open case stuck.</summary>
internal sealed record CaseStuck(string Reason, string? Detail, DateTimeOffset? Since);

/// <summary>One page of <c>GET /api/cases</c>.</summary>
internal sealed record CaseListPage(IReadOnlyList<CaseSummary> Cases, string? ContinuationToken);

/// <summary>One entry of a case's audit trail (<c>GET /api/cases/{caseNumber}/audit</c>).</summary>
internal sealed record AuditEntry(string Id, string Actor, string Action, DateTimeOffset At, string? Detail);

/// <summary>An <c>application/problem+json</c> refusal with every problem found.</summary>
public sealed record Problem(string? Title, int Status, IReadOnlyList<ProblemError>? Errors);

/// <summary>One problem: where (a JSON path, header, query parameter or route value) and why.</summary>
public sealed record ProblemError(string Path, string Reason);
