using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Imr.Domain.Cases;
using Imr.Testing;

namespace Imr.Storage.Tests;

/// <summary>One Azurite for the whole collection, with the containers, tables and queue created.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private static int nextSequence = Random.Shared.Next(1, 5_000_000);

    public AzuriteInstance Azurite { get; } = new();

    public TableRowsRead RowsRead { get; } = new();

    public StorageClients Clients { get; private set; } = null!;

    public StorageOptions Options => new() { ConnectionString = Azurite.ConnectionString, MaxRetries = 2 };

    /// <summary>A case number no other test uses (year 97 is reserved for them; allocator tests use other years).</summary>
    public static CaseNumber NextCaseNumber() => CaseNumber.Create(97, Interlocked.Increment(ref nextSequence));

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)Azurite).InitializeAsync();
        Clients = StorageClients.Create(Options, extraPolicies: [RowsRead]);
        await new StorageInitializer(Clients).EnsureCreatedAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Azurite).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// Counts the entities table queries return, per table, by reading the <c>value</c> array of each query response body.
/// This observes the wire, independently of the store's own code, so a test can prove how many rows a query read.
/// </summary>
public sealed class TableRowsRead : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> rows = new(StringComparer.OrdinalIgnoreCase);

    public long For(string table) => rows.TryGetValue(table, out var n) ? n : 0;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        // A table query is GET /{account}/{Table}()?$filter=...; a point read is GET /{account}/{Table}(PartitionKey=...,RowKey=...).
        var path = message.Request.Uri.Path;
        if (message.Request.Method != RequestMethod.Get || !message.HasResponse || message.Response.Status != 200)
        {
            return;
        }

        var segment = path[(path.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        if (paren <= 0)
        {
            return;
        }

        var table = segment[..paren];
        var stream = message.Response.ContentStream;
        if (stream is null || !stream.CanSeek)
        {
            return;
        }

        var position = stream.Position;
        try
        {
            stream.Position = 0;
            using var json = JsonDocument.Parse(stream);
            var count = json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                ? value.GetArrayLength()
                : 1;
            rows.AddOrUpdate(table, count, (_, n) => n + count);
        }
        catch (JsonException)
        {
            // Not a table response.
        }
        finally
        {
            stream.Position = position;
        }
    }
}
