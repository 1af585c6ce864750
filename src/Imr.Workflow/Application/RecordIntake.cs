using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>
/// Medical records arriving for a case, stored through the API or uploaded straight to <c>cases/{caseNumber}/records/</c>,
/// and the claims administrator's word that all records are in. Each raises its event on the case's orchestration.
/// A record may be announced more than once (API and blob watcher both see it); the orchestration keys records by file name.
/// </summary>
public sealed class RecordIntake(DurableTaskClient client, ICaseFileStore files, ICaseIndex index, TimeProvider time, ILogger<RecordIntake> log)
{
    /// <summary>The largest record accepted through the API (larger files go straight to blob storage).</summary>
    public const long MaxRecordBytes = 50L * 1024 * 1024;

    /// <summary>Longest file name accepted.</summary>
    public const int MaxFileNameLength = 200;

    /// <summary>Stores a record (write-once) and announces it. 201 when stored now, 200 when the same file was already there.</summary>
    public async Task<Outcome<StoredBlob>> StoreAsync(
        string caseNumber, string fileName, Stream content, string? contentType, long? length, CancellationToken cancellationToken = default)
    {
        var outcome = await StoreCoreAsync(caseNumber, fileName, content, contentType, length, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.RecordStored(WorkflowLog.Safe(caseNumber), outcome.Value!.Length, (int)outcome.Status);
        }
        else
        {
            log.Refused("StoreRecord", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<StoredBlob>> StoreCoreAsync(
        string caseNumber, string fileName, Stream content, string? contentType, long? length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length > MaxRecordBytes)
        {
            return Outcome<StoredBlob>.Refused(OutcomeStatus.PayloadTooLarge, "The record is too large.", "$", $"The limit is {MaxRecordBytes} bytes.");
        }

        var nameProblem = FileNameProblem(fileName);
        if (nameProblem is not null)
        {
            return Outcome<StoredBlob>.Invalid([nameProblem]);
        }

        var open = await OpenCaseAsync<StoredBlob>(caseNumber, cancellationToken).ConfigureAwait(false);
        if (open.Refusal is not null)
        {
            return open.Refusal;
        }

        // A record declared as a PDF must be one: its first bytes are "%PDF-". Only the signature is read, so a large
        // upload is still streamed to storage rather than buffered.
        if (IsPdf(contentType))
        {
            var head = new byte[PdfSignature.Length];
            var read = 0;
            int n;
            while (read < head.Length && (n = await content.ReadAsync(head.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            if (!head.AsSpan(0, read).SequenceEqual(PdfSignature))
            {
                return Outcome<StoredBlob>.Refused(
                    OutcomeStatus.UnsupportedMediaType, "The record is not a PDF.", "content", "Declared application/pdf, but the bytes do not start with %PDF-.");
            }

            content = new PrefixedStream(head, content);
        }

        var result = await files.StoreRecordAsync(open.Number, fileName, content, string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType, cancellationToken)
            .ConfigureAwait(false);
        if (result.Outcome == RecordStoreOutcome.Conflict)
        {
            return Outcome<StoredBlob>.Refused(
                OutcomeStatus.Conflict, "A different record is already stored under this name.", "fileName", "Records are write-once; use a new file name.");
        }

        await AnnounceAsync(open.Number, fileName, result.Blob, cancellationToken).ConfigureAwait(false);
        return Outcome<StoredBlob>.Success(result.Blob, result.Outcome == RecordStoreOutcome.Created ? OutcomeStatus.Created : OutcomeStatus.Ok);
    }

    /// <summary>A record was uploaded straight to blob storage (blob trigger or the local watcher): announce it.</summary>
    public async Task<Outcome<RecordArrived>> RecordUploadedAsync(string caseNumber, string fileName, string blobPath, string contentHash, CancellationToken cancellationToken = default)
    {
        var outcome = await RecordUploadedCoreAsync(caseNumber, fileName, blobPath, contentHash, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.RecordAnnounced(WorkflowLog.Safe(caseNumber));
        }
        else
        {
            log.Refused("AnnounceRecord", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<RecordArrived>> RecordUploadedCoreAsync(string caseNumber, string fileName, string blobPath, string contentHash, CancellationToken cancellationToken = default)
    {
        var open = await OpenCaseAsync<RecordArrived>(caseNumber, cancellationToken).ConfigureAwait(false);
        if (open.Refusal is not null)
        {
            return open.Refusal;
        }

        var arrived = new RecordArrived(fileName, blobPath, contentHash, time.GetUtcNow());
        await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(open.Number), CaseWorkflowContract.RecordArrivedEvent, arrived, cancellationToken)
            .ConfigureAwait(false);
        return Outcome<RecordArrived>.Success(arrived, OutcomeStatus.Accepted);
    }

    /// <summary>The claims administrator says all records are in.</summary>
    public async Task<Outcome<RecordsCompleted>> CompleteAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var outcome = await CompleteCoreAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.RecordsCompleted(WorkflowLog.Safe(caseNumber));
        }
        else
        {
            log.Refused("CompleteRecords", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<RecordsCompleted>> CompleteCoreAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var open = await OpenCaseAsync<RecordsCompleted>(caseNumber, cancellationToken).ConfigureAwait(false);
        if (open.Refusal is not null)
        {
            return open.Refusal;
        }

        var completed = new RecordsCompleted("claims-administrator", time.GetUtcNow());
        await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(open.Number), CaseWorkflowContract.RecordsCompletedEvent, completed, cancellationToken)
            .ConfigureAwait(false);
        return Outcome<RecordsCompleted>.Success(completed, OutcomeStatus.Accepted);
    }

    private static ReadOnlySpan<byte> PdfSignature => "%PDF-"u8;

    private static bool IsPdf(string? contentType) =>
        contentType is not null &&
        contentType.Split(';', 2)[0].Trim().Equals("application/pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a file name cannot be a record's name, or null when it can.</summary>
    public static ValidationProblem? FileNameProblem(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return new ValidationProblem("fileName", "A file name is required.");
        }

        if (fileName.Length > MaxFileNameLength)
        {
            return new ValidationProblem("fileName", $"At most {MaxFileNameLength} characters.");
        }

        if (fileName is "." or ".." || fileName.StartsWith('.') ||
            !fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return new ValidationProblem("fileName", "Use letters, digits, '-', '_' and '.', not starting with '.'.");
        }

        return null;
    }

    private async Task AnnounceAsync(CaseNumber caseNumber, string fileName, StoredBlob blob, CancellationToken cancellationToken) =>
        await client.RaiseEventAsync(
            CaseWorkflowContract.InstanceId(caseNumber),
            CaseWorkflowContract.RecordArrivedEvent,
            new RecordArrived(fileName, blob.Path, blob.ContentHash, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);

    private async Task<(Outcome<T>? Refusal, CaseNumber Number)> OpenCaseAsync<T>(string caseNumber, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return (CaseQueries.BadCaseNumber<T>(), default);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return (Outcome<T>.NotFound($"Case {number}"), number);
        }

        return CaseStates.IsClosed(found.Case.State)
            ? (Outcome<T>.Refused(OutcomeStatus.Conflict, $"Case {number} is {found.Case.State} and takes no more records.", "state", "The case has ended."), number)
            : (null, number);
    }
}

/// <summary>A read-only stream that replays bytes already read from the front of another stream, then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    private int position;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - position);
            prefix.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return rest.Read(buffer);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - position);
            prefix.AsSpan(position, n).CopyTo(buffer.Span);
            position += n;
            return ValueTask.FromResult(n);
        }

        return rest.ReadAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
