using Azure;
using Azure.Data.Tables;

namespace Imr.Storage;

/// <summary>
/// Moves rows written under the earlier layout, where every row of a table had the same RowKey (<c>case</c> in
/// <c>Cases</c>, <c>claim</c> in <c>Idempotency</c>), to the current one, where the RowKey repeats the PartitionKey.
/// Each row moves in one entity-group transaction (insert the copy, delete the original if unchanged), so a row is never
/// lost or doubled, and a second instance moving the same rows at the same time only finds them gone. A pass that moved
/// everything leaves a marker row, so later start-ups skip the scan (a RowKey filter reads the whole table on Azure).
/// </summary>
public static class LegacyRowKeys
{
    /// <summary>The marker row's keys, in the <c>Idempotency</c> table (an encoded claim key starts "k-" or "h-", so it cannot collide).</summary>
    public const string MarkerKey = "layout-rowkeys-moved";

    private const int MaxAttempts = 5;

    /// <summary>The tables whose rows moved, with the RowKey they all had before.</summary>
    public static IReadOnlyList<(string Table, string RowKey)> Moved { get; } =
    [
        (StorageNames.CasesTable, CaseEntity.LegacyRowKey),
        (StorageNames.IdempotencyTable, TableIdempotencyRecords.LegacyRowKey),
    ];

    /// <summary>
    /// Moves every row still under a legacy RowKey, unless an earlier complete pass left its marker. A partition that holds
    /// a row under both keys (written by two versions at once) is left as it is and reported; the marker is then not
    /// written, so the next start-up looks again.
    /// </summary>
    public static async Task<LegacyMoveReport> MoveAsync(StorageClients clients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var markerTable = clients.Tables.GetTableClient(StorageNames.IdempotencyTable);
        if ((await markerTable.GetEntityIfExistsAsync<TableEntity>(MarkerKey, MarkerKey, cancellationToken: cancellationToken)).HasValue)
        {
            return new LegacyMoveReport(Skipped: true, Moved: 0, Conflicts: []);
        }

        var moved = 0;
        var conflicts = new List<string>();
        foreach (var (tableName, legacyRowKey) in Moved)
        {
            var table = clients.Tables.GetTableClient(tableName);
            var filter = TableClient.CreateQueryFilter($"RowKey eq {legacyRowKey}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                switch (await MoveRowAsync(table, row, cancellationToken))
                {
                    case RowMove.Moved:
                        moved++;
                        break;
                    case RowMove.Conflict:
                        conflicts.Add($"{tableName}/{row.PartitionKey}");
                        break;
                }
            }
        }

        if (conflicts.Count == 0)
        {
            await markerTable.UpsertEntityAsync(new TableEntity(MarkerKey, MarkerKey) { ["MovedAt"] = DateTimeOffset.UtcNow }, cancellationToken: cancellationToken);
        }

        return new LegacyMoveReport(Skipped: false, moved, conflicts);
    }

    private static async Task<RowMove> MoveRowAsync(TableClient table, TableEntity legacy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var copy = CopyUnder(legacy, legacy.PartitionKey);
            try
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, copy),
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(legacy.PartitionKey, legacy.RowKey), legacy.ETag),
                    ],
                    cancellationToken);
                return RowMove.Moved;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Another instance moved it (the original is gone), or the original changed since it was read (read it again).
                var now = await table.GetEntityIfExistsAsync<TableEntity>(legacy.PartitionKey, legacy.RowKey, cancellationToken: cancellationToken);
                if (!now.HasValue)
                {
                    return RowMove.Gone;
                }

                var current = await table.GetEntityIfExistsAsync<TableEntity>(legacy.PartitionKey, legacy.PartitionKey, cancellationToken: cancellationToken);
                if (current.HasValue || attempt >= MaxAttempts)
                {
                    return RowMove.Conflict;
                }

                legacy = now.Value!;
            }
        }
    }

    /// <summary>The row's own columns under another RowKey; the service's (Timestamp, odata.*) are left for it to set.</summary>
    internal static TableEntity CopyUnder(TableEntity row, string rowKey)
    {
        var copy = new TableEntity(row.PartitionKey, rowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp") && !name.StartsWith("odata.", StringComparison.Ordinal))
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    private enum RowMove
    {
        Moved,
        Gone,
        Conflict,
    }
}

/// <summary>What a start-up's move of earlier-layout rows did.</summary>
/// <param name="Skipped">An earlier complete pass left its marker, so nothing was read.</param>
/// <param name="Moved">Rows moved by this pass.</param>
/// <param name="Conflicts">"table/partition" of rows left in place because the partition has a row under both keys.</param>
public sealed record LegacyMoveReport(bool Skipped, int Moved, IReadOnlyList<string> Conflicts);
