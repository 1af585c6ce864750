using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// An audit entry as a row of the <c>Cases</c> table, in its case's partition beside the case row, so a step's audit entry
/// and its case-row write go in one entity-group transaction. RowKey = <c>audit|</c> and the encoded entry id.
/// </summary>
internal static class AuditRow
{
    /// <summary>The RowKey prefix of audit rows; case rows have the case number as RowKey, which sorts before it.</summary>
    public const string Prefix = "audit|";

    /// <summary>Just after every audit RowKey (<c>}</c> follows <c>|</c>).</summary>
    public const string PrefixEnd = "audit}";

    /// <summary>The row of an entry, checked: an entry needs an id, an actor and an action.</summary>
    public static TableEntity ToEntity(AuditEntry entry)
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

        return new TableEntity(entry.CaseNumber.ToString(), Prefix + TableKeys.Encode(entry.Id))
        {
            ["Id"] = entry.Id,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["At"] = entry.At,
            ["Detail"] = entry.Detail,
            ["PolicyVersion"] = entry.PolicyVersion,
            ["WorkflowVersion"] = entry.WorkflowVersion,
        };
    }

    /// <summary>The entry a row holds.</summary>
    public static AuditEntry FromEntity(CaseNumber caseNumber, TableEntity row) => new()
    {
        Id = row.GetString("Id"),
        CaseNumber = caseNumber,
        Actor = row.GetString("Actor"),
        Action = row.GetString("Action"),
        At = row.GetDateTimeOffset("At") ?? default,
        Detail = row.GetString("Detail") ?? "",
        PolicyVersion = row.GetString("PolicyVersion") ?? "",
        WorkflowVersion = row.GetString("WorkflowVersion") ?? "",
    };
}
