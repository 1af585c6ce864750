using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// The append-only audit trail in the <c>Audit</c> table: PartitionKey = case number (a case's history is one partition
/// read), RowKey derived from the entry's deterministic id, so a retried append hits the same key and is refused with 409.
/// Nothing here updates or deletes.
/// </summary>
public sealed class TableAuditTrail : IAuditTrail
{
    private readonly TableClient audit;

    /// <summary>Creates the trail over the account's table service.</summary>
    public TableAuditTrail(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        audit = clients.Tables.GetTableClient(StorageNames.AuditTable);
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.Id))
        {
            throw new ArgumentException("AuditEntry.Id is empty.", nameof(entry));
        }

        if (string.IsNullOrWhiteSpace(entry.Actor))
        {
            throw new ArgumentException("AuditEntry.Actor is empty.", nameof(entry));
        }

        if (string.IsNullOrWhiteSpace(entry.Action))
        {
            throw new ArgumentException("AuditEntry.Action is empty.", nameof(entry));
        }

        var row = new TableEntity(entry.CaseNumber.ToString(), TableKeys.Encode(entry.Id))
        {
            ["Id"] = entry.Id,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["At"] = entry.At,
            ["Detail"] = entry.Detail,
            ["PolicyVersion"] = entry.PolicyVersion,
            ["WorkflowVersion"] = entry.WorkflowVersion,
        };
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
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseNumber.ToString()}");
        await foreach (var row in audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Id = row.GetString("Id"),
                CaseNumber = caseNumber,
                Actor = row.GetString("Actor"),
                Action = row.GetString("Action"),
                At = row.GetDateTimeOffset("At") ?? default,
                Detail = row.GetString("Detail") ?? "",
                PolicyVersion = row.GetString("PolicyVersion") ?? "",
                WorkflowVersion = row.GetString("WorkflowVersion") ?? "",
            });
        }

        // RowKeys follow the ids, not time; a case has tens of entries, so ordering here is cheap.
        return entries.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }
}
