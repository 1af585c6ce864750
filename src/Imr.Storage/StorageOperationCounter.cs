using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Imr.Storage;

/// <summary>The storage services an operation can go to.</summary>
public enum StorageService
{
    /// <summary>Blob storage.</summary>
    Blob,

    /// <summary>Table storage.</summary>
    Table,

    /// <summary>Queue storage.</summary>
    Queue,

    /// <summary>A request to an endpoint the counter was not told about.</summary>
    Other,
}

/// <summary>
/// Counts every HTTP request the storage clients send (each retry too, since each is billed), by service and HTTP method,
/// so a cost report can state storage operations per case. Registered per retry on every client.
/// </summary>
public sealed class StorageOperationCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, StorageService> endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(StorageService Service, string Method), long> counts = new();

    /// <summary>Tells the counter which service an endpoint belongs to (Azurite serves all three on one host, different ports).</summary>
    public void Watch(Uri endpoint, StorageService service)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoints[endpoint.GetLeftPart(UriPartial.Authority)] = service;
    }

    /// <summary>The counts so far.</summary>
    public StorageOperationCounts Snapshot() => new(counts.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>Starts counting from zero (e.g. before a measured run).</summary>
    public void Reset() => counts.Clear();

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var service = Classify(uri);
        counts.AddOrUpdate((service, message.Request.Method.Method), 1, (_, n) => n + 1);
    }

    private StorageService Classify(Uri uri)
    {
        if (endpoints.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var service))
        {
            return service;
        }

        // Azure hosts name their service: account.blob.core.windows.net and so on.
        var host = uri.Host;
        return host.Contains(".blob.", StringComparison.OrdinalIgnoreCase) ? StorageService.Blob
            : host.Contains(".table.", StringComparison.OrdinalIgnoreCase) ? StorageService.Table
            : host.Contains(".queue.", StringComparison.OrdinalIgnoreCase) ? StorageService.Queue
            : StorageService.Other;
    }
}

/// <summary>A snapshot of storage operation counts by service and HTTP method.</summary>
public sealed class StorageOperationCounts
{
    private readonly IReadOnlyDictionary<(StorageService Service, string Method), long> counts;

    /// <summary>Wraps counts taken by <see cref="StorageOperationCounter"/>.</summary>
    public StorageOperationCounts(IReadOnlyDictionary<(StorageService Service, string Method), long> counts) => this.counts = counts;

    /// <summary>Every request.</summary>
    public long Total => counts.Values.Sum();

    /// <summary>Requests to one service.</summary>
    public long For(StorageService service) => counts.Where(p => p.Key.Service == service).Sum(p => p.Value);

    /// <summary>Requests to one service with one HTTP method (GET, HEAD, PUT, POST, DELETE, PATCH, MERGE).</summary>
    public long For(StorageService service, string method) =>
        counts.TryGetValue((service, method.ToUpperInvariant()), out var n) ? n : 0;

    /// <summary>The difference from an earlier snapshot, service by service.</summary>
    public StorageOperationCounts Since(StorageOperationCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(counts.ToDictionary(p => p.Key, p => p.Value - (earlier.counts.TryGetValue(p.Key, out var n) ? n : 0)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(", ", counts.OrderBy(p => p.Key.Service).ThenBy(p => p.Key.Method, StringComparer.Ordinal)
            .Select(p => $"{p.Key.Service} {p.Key.Method}={p.Value}"));
}
