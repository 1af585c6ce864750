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

    /// <summary>Lists the records held for a case.</summary>
    Task<IReadOnlyList<StoredBlob>> ListRecordsAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies refused input to the <c>quarantine</c> container with a JSON error report beside it. Never deletes anything.
    /// Quarantining the same source twice keeps one copy.
    /// </summary>
    Task<StoredBlob> QuarantineAsync(string sourceName, ReadOnlyMemory<byte> content, QuarantineReport report, CancellationToken cancellationToken = default);
}

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

/// <summary>The formats a letter is stored in.</summary>
public enum LetterFormat
{
    /// <summary>Plain text laid out like <c>pdftotext -layout</c>.</summary>
    Text,

    /// <summary>PDF.</summary>
    Pdf,
}

/// <summary>A stored blob: its path (container/name) and SHA-256 content hash (hex).</summary>
public sealed record StoredBlob(string Path, string ContentHash, long Length);

/// <summary>Content read back from a blob.</summary>
public sealed record StoredContent(string Path, ReadOnlyMemory<byte> Content, string ContentType, string? ContentHash);

/// <summary>The two blobs of an issued letter.</summary>
public sealed record LetterBlobs(StoredBlob Text, StoredBlob Pdf);

/// <summary>What happened when a record was stored.</summary>
public enum RecordStoreOutcome
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>The same content was already stored under that name.</summary>
    AlreadyStored,

    /// <summary>Different content is already stored under that name; nothing was written.</summary>
    Conflict,
}

/// <summary>The result of storing a record.</summary>
public sealed record RecordStoreResult(RecordStoreOutcome Outcome, StoredBlob Blob);

/// <summary>Why input was refused; written as JSON beside the quarantined file. No clinical text.</summary>
public sealed record QuarantineReport
{
    /// <summary>Where the input came from, e.g. "intake/case-123.json" or "http".</summary>
    public required string Source { get; init; }

    /// <summary>When it was refused.</summary>
    public required DateTimeOffset RefusedAt { get; init; }

    /// <summary>Every problem, each with a JSON path (or field) and a plain reason.</summary>
    public required IReadOnlyList<ValidationProblem> Problems { get; init; }
}

/// <summary>Thrown when write-once content would be overwritten with something different.</summary>
public sealed class WriteOnceViolationException : InvalidOperationException
{
    /// <summary>Creates the exception for a blob path.</summary>
    public WriteOnceViolationException(string path)
        : base($"'{path}' is write-once and already holds different content.") => BlobPath = path;

    /// <summary>Creates the exception with no path.</summary>
    public WriteOnceViolationException()
        : base("The blob is write-once and already holds different content.") => BlobPath = "";

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public WriteOnceViolationException(string message, Exception innerException)
        : base(message, innerException) => BlobPath = "";

    /// <summary>The blob that was protected.</summary>
    public string BlobPath { get; }
}
