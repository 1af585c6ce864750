using Azure;
using Azure.Data.Tables;

namespace Imr.Storage;

/// <summary>
/// Moves rows written under the earlier layout, where every row of a table had the same RowKey (<c>case</c> in
/// <c>Cases</c>, <c>claim</c> in <c>Idempotency</c>), to the current one, where the RowKey repeats the PartitionKey.
/// Each row moves in one entity-group transaction (insert the copy, delete the original if unchanged), so a row is never
/// lost or doubled, and a second instance moving the same rows at the same time only finds them gone.
/// </summary>
public static class LegacyRowKeys
{
    private const int MaxAttempts = 5;

    /// <summary>The tables whose rows moved, with the RowKey they all had before.</summary>
    public static IReadOnlyList<(string Table, string RowKey)> Moved { get; } =
    [
        (StorageNames.CasesTable, CaseEntity.LegacyRowKey),
        (StorageNames.IdempotencyTable, TableIdempotencyRecords.LegacyRowKey),
    ];

    /// <summary>Moves every row still under a legacy RowKey; returns how many moved.</summary>
    /// <exception cref="InvalidOperationException">A partition holds a row under both keys (written by two versions at once).</exception>
    public static async Task<int> MoveAsync(StorageClients clients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var moved = 0;
        foreach (var (tableName, legacyRowKey) in Moved)
        {
            var table = clients.Tables.GetTableClient(tableName);
            var filter = TableClient.CreateQueryFilter($"RowKey eq {legacyRowKey}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (await MoveRowAsync(table, row, cancellationToken))
                {
                    moved++;
                }
            }
        }

        return moved;
    }

    private static async Task<bool> MoveRowAsync(TableClient table, TableEntity legacy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var copy = new TableEntity(legacy.PartitionKey, legacy.PartitionKey);
            foreach (var (name, value) in legacy)
            {
                if (name is not ("PartitionKey" or "RowKey" or "Timestamp") && !name.StartsWith("odata.", StringComparison.Ordinal))
                {
                    copy[name] = value;
                }
            }

            try
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, copy),
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(legacy.PartitionKey, legacy.RowKey), legacy.ETag),
                    ],
                    cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Another instance moved it (the original is gone), or the original changed since it was read (read it again).
                var now = await table.GetEntityIfExistsAsync<TableEntity>(legacy.PartitionKey, legacy.RowKey, cancellationToken: cancellationToken);
                if (!now.HasValue)
                {
                    return false;
                }

                var current = await table.GetEntityIfExistsAsync<TableEntity>(legacy.PartitionKey, legacy.PartitionKey, cancellationToken: cancellationToken);
                if (current.HasValue || attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"Table {table.Name}, partition '{legacy.PartitionKey}': a row under the legacy RowKey '{legacy.RowKey}' could not be moved" +
                        (current.HasValue ? " because a row under the current key exists too; keep one of the two by hand." : $" after {MaxAttempts} attempts."),
                        e);
                }

                legacy = now.Value!;
            }
        }
    }
}
