using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Blob storage for issued determination letters, write-once.</summary>
public interface IDeterminationStore
{
    /// <summary>
    /// Stores the letter as <c>determinations/{caseNumber}/final-determination.txt</c> and <c>.pdf</c>.
    /// Storing identical content again returns the existing blobs; different content throws <see cref="WriteOnceViolationException"/>.
    /// </summary>
    Task<LetterBlobs> StoreAsync(CaseNumber caseNumber, string text, ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken = default);

    /// <summary>Reads the issued letter in one format; null until issued.</summary>
    Task<StoredContent?> ReadAsync(CaseNumber caseNumber, LetterFormat format, CancellationToken cancellationToken = default);
}
