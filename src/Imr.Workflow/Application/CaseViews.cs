using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Workflow.Application;

/// <summary>A case as <c>GET /cases/{caseNumber}</c> shows it: where it stands, who has it, when things fall due. No clinical text.</summary>
public sealed record CaseView
{
    /// <summary>The case number.</summary>
    public required string CaseNumber { get; init; }

    /// <summary>Received, Rejected, Ineligible, Unassigned, AwaitingRecords, UnderReview, Determined, Terminated or Consolidated.</summary>
    public required CaseState State { get; init; }

    /// <summary>Why the case is in its state, when that needs saying.</summary>
    public string? StateReason { get; init; }

    /// <summary>Standard or Expedited.</summary>
    public required Priority Priority { get; init; }

    /// <summary>The reviewer who has the case.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>0 when on track.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>The statutory deadlines known so far.</summary>
    public required CaseDeadlines Deadlines { get; init; }

    /// <summary>When the notice of assignment went to the parties (8 CCR § 9792.10.4(b)).</summary>
    public DateTimeOffset? NoticeSentAt { get; init; }

    /// <summary>How the notice of assignment was sent: Mail or Electronic.</summary>
    public ServiceMethod? NoticeServedBy { get; init; }

    /// <summary>When a regular review was converted to expedited (8 CCR § 9792.10.4(c)); null otherwise.</summary>
    public DateTimeOffset? ExpeditedAt { get; init; }

    /// <summary>When the current reviewer stated no conflict of interest in the case (LC § 139.5); null until then.</summary>
    public DateTimeOffset? NoConflictStatedAt { get; init; }

    /// <summary>The disputed items' descriptions.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>The determination, or null until issued.</summary>
    public DeterminationSummary? Determination { get; init; }

    /// <summary>The case that carries this application, when it was consolidated into one (8 CCR § 9792.10.4(a)); its determination decides this application's items.</summary>
    public string? ConsolidatedInto { get; init; }

    /// <summary>The applications consolidated into this case, whose items are among <see cref="Items"/>.</summary>
    public IReadOnlyList<string>? ConsolidatedApplications { get; init; }

    /// <summary>The WCAB's remands of reversed determinations, oldest first, each with the determination it set aside (LC § 4610.6(i)); null when never remanded.</summary>
    public IReadOnlyList<CaseRemandRecord>? Remands { get; init; }

    /// <summary>The statutory point the case waits on next, with the time left counted as its period is; null when none runs.</summary>
    public NextDeadlineView? NextDeadline { get; init; }

    /// <summary>Why the case does not move on by itself, when the escalation sweep found it stuck; null otherwise.</summary>
    public CaseStuck? Stuck { get; init; }

    /// <summary>When the case was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the case last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Shapes a stored case for display at <paramref name="now"/>.</summary>
    public static CaseView From(Case @case, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return new CaseView
        {
            CaseNumber = @case.CaseNumber.ToString(),
            State = @case.State,
            StateReason = @case.StateReason,
            Priority = @case.Priority,
            ReviewerId = @case.ReviewerId,
            EscalationLevel = @case.EscalationLevel,
            Deadlines = @case.Deadlines,
            NoticeSentAt = @case.NoticeSentAt,
            NoticeServedBy = @case.NoticeServedBy,
            ExpeditedAt = @case.ExpeditedAt,
            NoConflictStatedAt = @case.NoConflictStatedAt,
            Items = @case.Items,
            Determination = @case.Determination,
            ConsolidatedInto = @case.ConsolidatedInto?.ToString(),
            ConsolidatedApplications = @case.ConsolidatedApplications.Count == 0 ? null : @case.ConsolidatedApplications.Select(n => n.ToString()).ToList(),
            Remands = @case.Remands.Count == 0 ? null : @case.Remands,
            NextDeadline = StatutoryPoint.Next(@case, now) is { } next ? NextDeadlineView.From(next, now) : null,
            Stuck = @case.Stuck,
            CreatedAt = @case.CreatedAt,
            UpdatedAt = @case.UpdatedAt,
        };
    }
}

/// <summary>
/// The statutory point a case waits on next: <see cref="Left"/> is in the unit <see cref="CountedIn"/> names (calendar days,
/// business days, or hours), negative once overdue.
/// </summary>
public sealed record NextDeadlineView(string Name, DateTimeOffset Due, PeriodCount CountedIn, int Left, string Citation)
{
    /// <summary>The view of <paramref name="point"/> at <paramref name="now"/>, business days on California's calendar.</summary>
    public static NextDeadlineView From(StatutoryPoint point, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new(point.Name, point.Due, point.CountedIn, point.Left(now, StatutoryClock.Current.Policy.Calendar), point.Citation);
    }
}

/// <summary>One page of cases.</summary>
/// <param name="Cases">The cases on this page.</param>
/// <param name="ContinuationToken">Pass back to get the next page; null on the last.</param>
public sealed record CaseListView(IReadOnlyList<CaseView> Cases, string? ContinuationToken);

/// <summary>The answer to a case submission.</summary>
/// <param name="CaseNumber">The case number, new or (for a replay) the earlier one.</param>
/// <param name="InstanceId">The orchestration instance that runs the case.</param>
/// <param name="Replayed">True when the same submission was seen before and nothing new was created.</param>
public sealed record SubmittedCase(string CaseNumber, string InstanceId, bool Replayed);

/// <summary>States in which a case still runs and takes events.</summary>
public static class CaseStates
{
    /// <summary>True when the case has ended (determined, terminated, rejected, ineligible or consolidated).</summary>
    public static bool IsClosed(CaseState state) =>
        state is CaseState.Determined or CaseState.Terminated or CaseState.Rejected or CaseState.Ineligible or CaseState.Consolidated;
}
