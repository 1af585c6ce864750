using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Append-only audit trail; nothing updates or deletes an entry.</summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry; appending the same <see cref="AuditEntry.Id"/> again changes nothing (so retries never duplicate).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The case's entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);
}
