using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Blob storage for case files, medical records and quarantined input.</summary>
public interface ICaseFileStore
{
    /// <summary>Reads a blob from the <c>intake</c> container; null when it does not exist.</summary>
    Task<StoredContent?> ReadIntakeAsync(string blobName, CancellationToken cancellationToken = default);

    /// <summary>Stores the accepted case file as <c>cases/{caseNumber}/case-file.json</c>, write-once (same content again is a no-op).</summary>
    Task<StoredBlob> StoreCaseFileAsync(CaseNumber caseNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads the accepted case file; null when none.</summary>
    Task<StoredContent?> ReadCaseFileAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a medical record under <c>cases/{caseNumber}/records/{fileName}</c>, write-once.
    /// The same content again returns <see cref="RecordStoreOutcome.AlreadyStored"/>; different content under the same name is a conflict.
    /// </summary>
    Task<RecordStoreResult> StoreRecordAsync(CaseNumber caseNumber, string fileName, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads one medical record of a case, with the content type it was stored with; null when there is none by that name.</summary>
    Task<StoredContent?> ReadRecordAsync(CaseNumber caseNumber, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Lists the records held for a case.</summary>
    Task<IReadOnlyList<StoredBlob>> ListRecordsAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies refused input to the <c>quarantine</c> container with a JSON error report beside it. Never deletes anything.
    /// Quarantining the same source twice keeps one copy.
    /// </summary>
    Task<StoredBlob> QuarantineAsync(string sourceName, ReadOnlyMemory<byte> content, QuarantineReport report, CancellationToken cancellationToken = default);
}
