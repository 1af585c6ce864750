using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Case files, medical records and quarantined input in blob storage: <c>intake</c>, <c>cases</c> and <c>quarantine</c>.
/// Everything this store writes is write-once; nothing here deletes.
/// </summary>
public sealed class BlobCaseFileStore : ICaseFileStore
{
    /// <summary>The blob name of the accepted case file inside a case's folder.</summary>
    public const string CaseFileName = "case-file.json";

    /// <summary>The suffix of the error report written beside each quarantined blob.</summary>
    public const string ErrorReportSuffix = ".error.json";

    private const int MaxQuarantineNameLength = 200;
    private const string CaseFileContentType = "application/json";

    // A case's steps read its case file three times (acceptance, reviewer choice, letter), often in this process; the file
    // is write-once, so a copy kept here is as good as the blob. 16 MiB holds thousands of typical case files.
    private const long MaxCachedBytes = 16L * 1024 * 1024;

    private readonly WriteOnceCache caseFiles = new(MaxCachedBytes);

    private readonly BlobContainerClient intake;
    private readonly BlobContainerClient cases;
    private readonly BlobContainerClient quarantine;

    /// <summary>Creates the store over the account's blob service.</summary>
    public BlobCaseFileStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        intake = clients.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer);
        cases = clients.Blobs.GetBlobContainerClient(StorageNames.CasesContainer);
        quarantine = clients.Blobs.GetBlobContainerClient(StorageNames.QuarantineContainer);
    }

    /// <inheritdoc />
    public Task<StoredContent?> ReadIntakeAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        return WriteOnceBlob.ReadContentAsync(intake.GetBlobClient(blobName), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredBlob> StoreCaseFileAsync(CaseNumber caseNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = cases.GetBlobClient($"{caseNumber}/{CaseFileName}");
        var copy = content.ToArray();
        var result = await WriteOnceBlob.WriteAsync(blob, BinaryData.FromBytes(copy), CaseFileContentType, cancellationToken);
        if (result.Outcome == RecordStoreOutcome.Conflict)
        {
            throw new WriteOnceViolationException(result.Blob.Path);
        }

        // Stored now, or found with the same hash: these bytes are the case file from here on.
        caseFiles.Remember(caseNumber, new StoredContent(result.Blob.Path, copy, CaseFileContentType, result.Blob.ContentHash));
        return result.Blob;
    }

    /// <inheritdoc />
    /// <remarks>Answered from this process's copy when it has one (see <see cref="WriteOnceCache"/>).</remarks>
    public async Task<StoredContent?> ReadCaseFileAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default)
    {
        if (caseFiles.TryGet(caseNumber, out var known))
        {
            return known;
        }

        var read = await WriteOnceBlob.ReadContentAsync(cases.GetBlobClient($"{caseNumber}/{CaseFileName}"), cancellationToken);
        if (read is not null)
        {
            caseFiles.Remember(caseNumber, read);
        }

        return read;
    }

    /// <inheritdoc />
    public async Task<RecordStoreResult> StoreRecordAsync(
        CaseNumber caseNumber, string fileName, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        RecordFileName.Validate(fileName, nameof(fileName));
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);

        var blob = cases.GetBlobClient(RecordPrefix(caseNumber) + fileName);
        await using var prepared = await WriteOnceBlob.PrepareAsync(content, cancellationToken);
        return await WriteOnceBlob.WriteAsync(blob, prepared.Stream, prepared.Hash, prepared.Length, contentType, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredContent?> ReadRecordAsync(CaseNumber caseNumber, string fileName, CancellationToken cancellationToken = default)
    {
        RecordFileName.Validate(fileName, nameof(fileName));
        return WriteOnceBlob.ReadContentAsync(cases.GetBlobClient(RecordPrefix(caseNumber) + fileName), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredBlob>> ListRecordsAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default)
    {
        var records = new List<StoredBlob>();
        await foreach (var item in cases.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, RecordPrefix(caseNumber), cancellationToken))
        {
            item.Metadata.TryGetValue(WriteOnceBlob.HashMetadataKey, out var hash);
            records.Add(new StoredBlob($"{StorageNames.CasesContainer}/{item.Name}", hash ?? "", item.Properties.ContentLength ?? 0));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<StoredBlob> QuarantineAsync(
        string sourceName, ReadOnlyMemory<byte> content, QuarantineReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var hash = Hashes.Sha256Hex(content.Span);
        var name = QuarantineName(sourceName, hash);
        var blob = quarantine.GetBlobClient(name);

        // The same source with the same bytes lands on the same name, so quarantining twice keeps one copy; anything
        // else gets its own name, so nothing already quarantined is ever replaced.
        var stored = await WriteOnceBlob.WriteAsync(blob, BinaryData.FromBytes(content), "application/octet-stream", cancellationToken);
        if (stored.Outcome == RecordStoreOutcome.Conflict)
        {
            // Only a 64-bit hash-prefix collision for the same source gets here; refuse loudly rather than drop the input.
            throw new WriteOnceViolationException(stored.Blob.Path);
        }

        var errorReport = new QuarantineErrorReport(
            report.Source, report.RefusedAt, report.Problems, WriteOnceBlob.PathOf(blob), hash, content.Length);
        var reportBlob = quarantine.GetBlobClient(name + ErrorReportSuffix);

        // A second quarantine of the same input keeps the first report (409 is "already reported").
        await WriteOnceBlob.WriteAsync(reportBlob, BinaryData.FromBytes(StorageJson.SerializeToUtf8Bytes(errorReport)), "application/json", cancellationToken);
        return stored.Blob;
    }

    /// <summary>Reads a quarantined blob's error report, by the quarantined blob's name (without the container); null when none.</summary>
    public async Task<QuarantineErrorReport?> ReadQuarantineReportAsync(string quarantinedName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quarantinedName);
        var content = await WriteOnceBlob.ReadContentAsync(quarantine.GetBlobClient(quarantinedName + ErrorReportSuffix), cancellationToken);
        return content is null
            ? null
            : StorageJson.Deserialize<QuarantineErrorReport>(Encoding.UTF8.GetString(content.Content.Span), quarantinedName + ErrorReportSuffix);
    }

    /// <summary>
    /// The quarantine blob name for a source and content: the source made safe, then the first 16 hex digits of the hash
    /// before the extension, e.g. <c>intake/case-123.3f2a9b0c1d2e3f40.json</c>.
    /// </summary>
    public static string QuarantineName(string sourceName, string contentHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentHash);
        var segments = (sourceName ?? "")
            .Replace('\\', '/')
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(SafeSegment)
            .Where(s => s.Length > 0 && s != "." && s != "..")
            .ToList();
        var path = segments.Count == 0 ? "unnamed" : string.Join('/', segments);
        var lastSlash = path.LastIndexOf('/');
        var dot = path.LastIndexOf('.');
        var extension = dot > lastSlash + 1 && path.Length - dot <= 10 ? path[dot..] : "";
        var stem = path[..(path.Length - extension.Length)];
        var maxStem = MaxQuarantineNameLength - extension.Length - 17;
        if (stem.Length > maxStem)
        {
            stem = stem[..maxStem];
        }

        return $"{stem}.{contentHash[..16]}{extension}";
    }

    private static string SafeSegment(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return builder.ToString().Trim('.');
    }

    private static string RecordPrefix(CaseNumber caseNumber) => $"{caseNumber}/records/";
}

/// <summary>The JSON error report written beside a quarantined blob: the refusal plus which bytes were refused.</summary>
public sealed record QuarantineErrorReport(
    string Source,
    DateTimeOffset RefusedAt,
    IReadOnlyList<ValidationProblem> Problems,
    string QuarantinedBlob,
    string ContentHash,
    long Length);
