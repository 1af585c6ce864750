using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Idempotency keys in the <c>Idempotency</c> table, one partition per key (keys are looked up only by exact value, so
/// spreading them costs nothing and avoids a hot partition). The RowKey repeats the PartitionKey, so the full key names one
/// row in any index. A claim is an insert; 409 means the key was claimed before.
/// </summary>
public sealed class TableIdempotencyRecords : IIdempotencyRecords
{
    /// <summary>The longest key accepted (client request ids and SHA-256 hex hashes are far shorter).</summary>
    public const int MaxKeyLength = 512;

    private readonly TableClient records;

    /// <summary>Creates the records over the account's table service.</summary>
    public TableIdempotencyRecords(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        records = clients.Tables.GetTableClient(StorageNames.IdempotencyTable);
    }

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(string key, CaseNumber caseNumber, string contentHash, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(contentHash);
        var claimId = Guid.NewGuid().ToString("N");
        var encoded = TableKeys.Encode(key);
        var row = new TableEntity(encoded, encoded)
        {
            ["Key"] = key,
            ["CaseNumber"] = caseNumber.ToString(),
            ["ContentHash"] = contentHash,
            ["ClaimId"] = claimId,
        };
        try
        {
            await records.AddEntityAsync(row, cancellationToken);
            return new IdempotencyClaim(key, caseNumber, contentHash, IsNew: true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await records.GetEntityIfExistsAsync<TableEntity>(encoded, encoded, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                throw new InvalidOperationException("The idempotency key was reported as claimed but cannot be read.", e);
            }

            // A 409 on the SDK's retry of our own insert (reply lost) is still our claim.
            var ours = existing.Value!.GetString("ClaimId") == claimId;
            return ToClaim(key, existing.Value) with { IsNew = ours };
        }
    }

    /// <inheritdoc />
    public async Task<IdempotencyClaim?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        var encoded = TableKeys.Encode(key);
        var row = await records.GetEntityIfExistsAsync<TableEntity>(encoded, encoded, cancellationToken: cancellationToken);
        return row.HasValue ? ToClaim(key, row.Value!) : null;
    }

    private static IdempotencyClaim ToClaim(string key, TableEntity row) =>
        new(key, CaseNumber.Parse(row.GetString("CaseNumber")), row.GetString("ContentHash") ?? "", IsNew: false);

    private static void ValidateKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("The idempotency key is empty.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The idempotency key is {key.Length} characters long; at most {MaxKeyLength} are allowed.", nameof(key));
        }
    }
}
