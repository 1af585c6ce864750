using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Blob storage for issued determination letters, write-once.</summary>
public interface IDeterminationStore
{
    /// <summary>
    /// Stores the letter of determination generation <paramref name="generation"/> (1 for the first determination, one
    /// more after each remand, LC § 4610.6(i)) as <c>determinations/{caseNumber}/final-determination.txt</c> and
    /// <c>.pdf</c> for the first, <c>determinations/{caseNumber}/{generation}/final-determination.*</c> for a later one, so
    /// no letter is ever overwritten. Storing identical content again returns the existing blobs; different content throws
    /// <see cref="WriteOnceViolationException"/>.
    /// </summary>
    Task<LetterBlobs> StoreAsync(CaseNumber caseNumber, string text, ReadOnlyMemory<byte> pdf, int generation = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads the letter of one determination generation in one format; null until issued.</summary>
    Task<StoredContent?> ReadAsync(CaseNumber caseNumber, LetterFormat format, int generation = 1, CancellationToken cancellationToken = default);
}
