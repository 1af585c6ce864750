using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// The escalations due today: every statutory point of an open case (reminder, escalation or deadline) that falls due by the
/// end of today in California or is overdue, read from the deadline index the escalation sweep works from. Read only: the
/// sweep, not this list, acts on them.
/// </summary>
public sealed class DueEscalations(ICaseIndex index, TimeProvider time)
{
    /// <summary>The only value <c>due</c> takes so far.</summary>
    public const string Today = "today";

    /// <summary>
    /// The points due by the end of today (California time), overdue first, then by due time; <paramref name="due"/> must be
    /// <see cref="Today"/> (400 naming <c>due</c> otherwise).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DueEscalationView>>> ListAsync(string? due, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(due, Today, StringComparison.Ordinal))
        {
            return Outcome<IReadOnlyList<DueEscalationView>>.Invalid(
                [new ValidationProblem("due", due is null ? "Required: due=today." : "Takes only the value today.")]);
        }

        var now = time.GetUtcNow();
        var endOfToday = PacificTime.EndOfDay(PacificTime.DateOf(now));
        var entries = await index.FindDueAsync(endOfToday.AddSeconds(1), cancellationToken).ConfigureAwait(false);
        var views = new List<DueEscalationView>();
        var cases = new Dictionary<CaseNumber, Case?>();
        foreach (var entry in entries.OrderBy(e => e.DueAt))
        {
            if (!cases.TryGetValue(entry.CaseNumber, out var found))
            {
                found = (await index.GetAsync(entry.CaseNumber, cancellationToken).ConfigureAwait(false))?.Case;
                cases[entry.CaseNumber] = found;
            }

            // An entry left behind by a case that has closed since is the sweep's to clear, not a point still due.
            if (found is null || CaseStates.IsClosed(found.State))
            {
                continue;
            }

            views.Add(new DueEscalationView(
                entry.CaseNumber.ToString(), entry.Deadline, entry.DueAt, entry.DueAt < now, found.State, found.Priority, found.ReviewerId, found.EscalationLevel));
        }

        return Outcome<IReadOnlyList<DueEscalationView>>.Success(views);
    }
}

/// <summary>One statutory point due today or overdue: which case, which point (RecordsReminder, RecordsEscalation, RecordsDue, DeterminationReminder, …), when.</summary>
public sealed record DueEscalationView(
    string CaseNumber, string Deadline, DateTimeOffset DueAt, bool Overdue, CaseState State, Priority Priority, string? ReviewerId, int EscalationLevel);
