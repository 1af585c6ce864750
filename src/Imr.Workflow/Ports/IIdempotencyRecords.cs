using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

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
