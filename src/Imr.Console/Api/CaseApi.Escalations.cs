namespace Imr.Console.Api;

/// <summary>The escalations route (<c>/api/escalations</c>).</summary>
internal sealed partial class CaseApi
{
    /// <summary>The statutory points of open cases due today or overdue, overdue first.</summary>
    public Task<ApiAnswer<IReadOnlyList<DueEscalation>>> EscalationsDueTodayAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<DueEscalation>>("escalations?due=today", cancellationToken);
}

/// <summary>One statutory point due today or overdue, as <c>GET /api/escalations?due=today</c> lists it.</summary>
internal sealed record DueEscalation(
    string CaseNumber, string Deadline, DateTimeOffset DueAt, bool Overdue, string State, string Priority, string? ReviewerId, int EscalationLevel);
