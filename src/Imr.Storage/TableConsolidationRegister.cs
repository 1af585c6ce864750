using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// The consolidation register in the <c>Idempotency</c> table (a key looked up by exact value, like the others there):
/// one partition per key (<c>consolidation-{sha256(key)}</c>, so no party id is stored in a key), holding a row
/// <c>open</c> that names the current carrier and one row per carrier with the applications joined to it and whether
/// its review has started. Every change is conditional (insert, or ETag), so two applications racing for one key
/// cannot both carry it, and a join that loses to the carrier's close opens the next carrier instead. A carrier withdrawn
/// before its review starts is closed with <c>HandedOver</c> naming its applications, the first of which carries the rest.
/// </summary>
public sealed class TableConsolidationRegister : IConsolidationRegister
{
    private const string OpenRow = "open";
    private const int Attempts = 20;
    private readonly TableClient table;

    /// <summary>Creates the register over the account's table service.</summary>
    public TableConsolidationRegister(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        table = clients.Tables.GetTableClient(StorageNames.IdempotencyTable);
    }

    /// <inheritdoc />
    public async Task<CaseNumber> JoinOrOpenAsync(string key, CaseNumber application, CancellationToken cancellationToken = default)
    {
        var partition = Partition(key);
        var me = application.ToString();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                rows[row.RowKey] = row;
            }

            // A repeat (an activity retried after its write) finds what the first call did, even if the carrier closed since.
            if (rows.ContainsKey(me))
            {
                return application;
            }

            if (rows.Values.FirstOrDefault(r => r.RowKey != OpenRow && JoinedOf(r).Contains(me, StringComparer.Ordinal)) is { } joinedTo)
            {
                return CaseNumber.Parse(joinedTo.RowKey);
            }

            try
            {
                if (!rows.TryGetValue(OpenRow, out var open))
                {
                    await table.SubmitTransactionAsync(
                        [new TableTransactionAction(TableTransactionActionType.Add, OpenEntity(partition, me)),
                         new TableTransactionAction(TableTransactionActionType.Add, CarrierEntity(partition, me))],
                        cancellationToken);
                    return application;
                }

                var carrier = open.GetString("Carrier");
                if (rows.TryGetValue(carrier, out var carrierRow) && carrierRow.GetBoolean("Closed") != true)
                {
                    carrierRow["Joined"] = string.Join(",", JoinedOf(carrierRow).Append(me));
                    await table.UpdateEntityAsync(carrierRow, carrierRow.ETag, TableUpdateMode.Replace, cancellationToken);
                    return CaseNumber.Parse(carrier);
                }

                // The carrier's review has started: this application carries the next consolidation.
                await table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateReplace, OpenEntity(partition, me), open.ETag),
                     new TableTransactionAction(TableTransactionActionType.Add, CarrierEntity(partition, me))],
                    cancellationToken);
                return application;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another application or the carrier's close changed the partition first: read it again.
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // As above, for the two-row changes.
            }
        }

        throw new InvalidOperationException($"The consolidation register kept changing under application {me}; try again.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseNumber>> CloseAsync(string key, CaseNumber carrier, CancellationToken cancellationToken = default)
    {
        var partition = Partition(key);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, carrier.ToString(), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                // A case that never registered (consolidation was off when it was accepted) carries nothing.
                return [];
            }

            var row = found.Value!;
            if (row.GetBoolean("Closed") == true)
            {
                return JoinedOf(row).Select(CaseNumber.Parse).ToList();
            }

            row["Closed"] = true;
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return JoinedOf(row).Select(CaseNumber.Parse).ToList();
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // An application joined meanwhile: read the row again so it is in the list.
            }
        }

        throw new InvalidOperationException($"The consolidation register kept changing under carrier {carrier}; try again.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseNumber>> HandOverAsync(string key, CaseNumber carrier, CancellationToken cancellationToken = default)
    {
        var partition = Partition(key);
        var me = carrier.ToString();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                rows[row.RowKey] = row;
            }

            if (!rows.TryGetValue(me, out var carrierRow))
            {
                return [];
            }

            var joined = JoinedOf(carrierRow);
            if (carrierRow.GetString("HandedOver") is { } handedOver)
            {
                // A repeat: the list handed over the first time.
                return handedOver.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(CaseNumber.Parse).ToList();
            }

            if (carrierRow.GetBoolean("Closed") == true || joined.Length == 0)
            {
                // Its review started (the joined applications are in it), or nothing joined: nothing to hand over.
                return [];
            }

            var next = joined[0];
            carrierRow["Closed"] = true;
            carrierRow["Joined"] = "";
            carrierRow["HandedOver"] = string.Join(",", joined);
            List<TableTransactionAction> changes =
            [
                new(TableTransactionActionType.UpdateReplace, carrierRow, carrierRow.ETag),
                new(TableTransactionActionType.Add, new TableEntity(partition, next) { ["Joined"] = string.Join(",", joined.Skip(1)), ["Closed"] = false }),
            ];
            if (rows.TryGetValue(OpenRow, out var open) && open.GetString("Carrier") == me)
            {
                changes.Add(new(TableTransactionActionType.UpdateReplace, OpenEntity(partition, next), open.ETag));
            }

            try
            {
                await table.SubmitTransactionAsync(changes, cancellationToken);
                return joined.Select(CaseNumber.Parse).ToList();
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // An application joined, or the review started, meanwhile: read the partition again.
            }
        }

        throw new InvalidOperationException($"The consolidation register kept changing under carrier {carrier}; try again.");
    }

    private static string Partition(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return "consolidation-" + Hashes.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(key));
    }

    private static TableEntity OpenEntity(string partition, string carrier) => new(partition, OpenRow) { ["Carrier"] = carrier };

    private static TableEntity CarrierEntity(string partition, string carrier) => new(partition, carrier) { ["Joined"] = "", ["Closed"] = false };

    private static string[] JoinedOf(TableEntity row) =>
        (row.GetString("Joined") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
}
