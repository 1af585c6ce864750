namespace Imr.Domain.Clock;

/// <summary>
/// The deadlines of one case as instants (UTC). A deadline is null until the event that starts its clock has happened
/// (for example, the determination is not due until records are received or due).
/// </summary>
public sealed record CaseDeadlines
{
    /// <summary>When the medical records are due from the claims administrator.</summary>
    public DateTimeOffset? RecordsDue { get; init; }

    /// <summary>When a reminder to send records goes out.</summary>
    public DateTimeOffset? RecordsReminder { get; init; }

    /// <summary>When missing records are escalated.</summary>
    public DateTimeOffset? RecordsEscalation { get; init; }

    /// <summary>When the Final Determination is due.</summary>
    public DateTimeOffset? DeterminationDue { get; init; }

    /// <summary>When the reviewer is reminded.</summary>
    public DateTimeOffset? DeterminationReminder { get; init; }

    /// <summary>When the case is escalated if still undecided.</summary>
    public DateTimeOffset? DeterminationEscalation { get; init; }

    /// <summary>The <see cref="StatutoryPolicy.Version"/> the deadlines were computed under.</summary>
    public string? PolicyVersion { get; init; }
}
