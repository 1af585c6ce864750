using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// The append-only audit trail, in the <c>Cases</c> table: each entry is a row in its case's partition (RowKey
/// <c>audit|</c> and the entry's encoded deterministic id, see <see cref="AuditRow"/>), so a case's history is one range
/// read of its partition, a retried append hits the same key and is refused with 409, and a workflow step writes its entry
/// in the same transaction as the case row (<see cref="TableCaseIndex"/>). Nothing here updates or deletes.
/// </summary>
public sealed class TableAuditTrail : IAuditTrail
{
    private readonly TableClient audit;

    /// <summary>Creates the trail over the account's table service.</summary>
    public TableAuditTrail(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        audit = clients.Tables.GetTableClient(StorageNames.CasesTable);
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var row = AuditRow.ToEntity(entry);
        try
        {
            await audit.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already appended by an earlier try: the first write stands, unchanged.
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseNumber.ToString()} and RowKey ge {AuditRow.Prefix} and RowKey lt {AuditRow.PrefixEnd}");
        await foreach (var row in audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(AuditRow.FromEntity(caseNumber, row));
        }

        // RowKeys follow the ids, not time; a case has tens of entries, so ordering here is cheap.
        return entries.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }
}
