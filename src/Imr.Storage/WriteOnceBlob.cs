using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Write-once blobs: a conditional create (<c>If-None-Match: *</c>) with the SHA-256 of the content in metadata, so a
/// second write of the same content is recognised as a replay and different content as a conflict, without ever overwriting.
/// </summary>
internal static class WriteOnceBlob
{
    /// <summary>The metadata key holding the lowercase hex SHA-256 of the content.</summary>
    public const string HashMetadataKey = StorageNames.ContentHashMetadataKey;

    public static string PathOf(BlobClient blob) => $"{blob.BlobContainerName}/{blob.Name}";

    public static async Task<RecordStoreResult> WriteAsync(
        BlobClient blob, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        var hash = Hashes.Sha256Hex(content.ToMemory().Span);
        using var stream = content.ToStream();
        return await WriteAsync(blob, stream, hash, content.ToMemory().Length, contentType, cancellationToken);
    }

    public static async Task<RecordStoreResult> WriteAsync(
        BlobClient blob, Stream content, string hash, long length, string contentType, CancellationToken cancellationToken)
    {
        var created = new StoredBlob(PathOf(blob), hash, length);
        try
        {
            await blob.UploadAsync(
                content,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = new Dictionary<string, string> { [HashMetadataKey] = hash },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            return new RecordStoreResult(RecordStoreOutcome.Created, created);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The name is taken (409 BlobAlreadyExists in Azure; some emulators answer 412): compare, never overwrite.
            var existing = await ReadStoredAsync(blob, cancellationToken)
                ?? throw new InvalidOperationException($"'{PathOf(blob)}' was reported to exist but cannot be read.", e);
            return existing.ContentHash == hash
                ? new RecordStoreResult(RecordStoreOutcome.AlreadyStored, existing)
                : new RecordStoreResult(RecordStoreOutcome.Conflict, existing);
        }
    }

    /// <summary>The stored blob's path, hash and length; null when absent. Hashes blobs written without the metadata (e.g. uploads to intake).</summary>
    public static async Task<StoredBlob?> ReadStoredAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            if (properties.Metadata.TryGetValue(HashMetadataKey, out var hash) && hash.Length == 64)
            {
                return new StoredBlob(PathOf(blob), hash, properties.ContentLength);
            }

            using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            var computed = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            return new StoredBlob(PathOf(blob), computed, properties.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public static async Task<StoredContent?> ReadContentAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var result = (await blob.DownloadContentAsync(cancellationToken)).Value;
            result.Details.Metadata.TryGetValue(HashMetadataKey, out var hash);
            return new StoredContent(PathOf(blob), result.Content.ToMemory(), result.Details.ContentType ?? "application/octet-stream", hash);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes a stream's SHA-256 and length known before upload (they go into metadata). A seekable stream is hashed and rewound;
    /// anything else is spooled to a temporary file that deletes itself, so large records are never held in memory.
    /// </summary>
    public static async Task<PreparedContent> PrepareAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            var start = content.Position;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
            var length = content.Position - start;
            content.Position = start;
            return new PreparedContent(content, hash, length, Owned: false);
        }

        var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), "imr-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hasher.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            var length = spool.Length;
            spool.Position = 0;
            return new PreparedContent(spool, Convert.ToHexStringLower(hasher.GetHashAndReset()), length, Owned: true);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Content ready to upload: a readable stream with its hash and length; disposes the stream only if it made it.</summary>
internal sealed record PreparedContent(Stream Stream, string Hash, long Length, bool Owned) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owned ? Stream.DisposeAsync() : ValueTask.CompletedTask;
}
