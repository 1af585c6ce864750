using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Input;

namespace Imr.Storage;

/// <summary>
/// Maps a <see cref="Case"/> to one row of the <c>Cases</c> table: scalar columns for what queries filter on
/// (state, priority, reviewer, escalation level, each deadline, versions, timestamps) and JSON columns for the lists.
/// </summary>
internal static class CaseEntity
{
    public const int SchemaVersion = 1;

    // A string column holds at most 64 KiB (32K UTF-16 characters); longer JSON is split over numbered columns.
    private const int ChunkLength = 30_000;
    private const int MaxJsonLength = 300_000;

    /// <summary>The deadline names, as the deadline index and <see cref="Imr.Workflow.Ports.DueCase.Deadline"/> carry them.</summary>
    public static readonly IReadOnlyList<string> DeadlineNames =
    [
        nameof(CaseDeadlines.RecordsDue),
        nameof(CaseDeadlines.RecordsReminder),
        nameof(CaseDeadlines.RecordsEscalation),
        nameof(CaseDeadlines.DeterminationDue),
        nameof(CaseDeadlines.DeterminationReminder),
        nameof(CaseDeadlines.DeterminationEscalation),
    ];

    /// <summary>A case row's RowKey: the case number again, so the full key names one row in any index.</summary>
    public static string RowKeyOf(CaseNumber caseNumber) => caseNumber.ToString();

    public static TableEntity ToEntity(Case @case, IReadOnlyList<string> deadlineKeys)
    {
        var entity = new TableEntity(@case.CaseNumber.ToString(), RowKeyOf(@case.CaseNumber))
        {
            ["SchemaVersion"] = SchemaVersion,
            ["State"] = @case.State.ToString(),
            ["StateReason"] = @case.StateReason,
            ["Priority"] = @case.Priority.ToString(),
            ["ReviewerId"] = @case.ReviewerId,
            ["AssignmentCount"] = @case.AssignmentCount,
            ["EscalationLevel"] = @case.EscalationLevel,
            ["PolicyVersion"] = @case.PolicyVersion,
            ["WorkflowVersion"] = @case.WorkflowVersion,
            ["ContentHash"] = @case.ContentHash,
            ["AssignedAt"] = @case.AssignedAt,
            ["NoticeSentAt"] = @case.NoticeSentAt,
            ["ExpeditedAt"] = @case.ExpeditedAt,
            ["NoConflictStatedAt"] = @case.NoConflictStatedAt,
            ["NoticeServedBy"] = @case.NoticeServedBy?.ToString(),
            ["RecordsReceivedAt"] = @case.RecordsReceivedAt,
            ["DeadlineKeys"] = StorageJson.Serialize(deadlineKeys),

            // One more column on the same write: the watermark costs no storage operation of its own.
            ["StepWatermark"] = @case.StepWatermark?.ToString(),
            ["StuckReason"] = @case.Stuck?.Reason,
            ["StuckDetail"] = @case.Stuck?.Detail,
            ["StuckSince"] = @case.Stuck?.Since,
            ["ConsolidatedInto"] = @case.ConsolidatedInto?.ToString(),
        };

        foreach (var (name, due) in Deadlines(@case.Deadlines))
        {
            entity[name] = due;
        }

        // Azure tables cannot store instants before 1601; an unset timestamp is simply left out.
        if (@case.CreatedAt != default)
        {
            entity["CreatedAt"] = @case.CreatedAt;
        }

        if (@case.UpdatedAt != default)
        {
            entity["UpdatedAt"] = @case.UpdatedAt;
        }

        WriteJson(entity, "PreviousReviewerIds", @case.PreviousReviewerIds);
        if (@case.AssignmentTokenHashes.Count > 0)
        {
            WriteJson(entity, "AssignmentTokenHashes", @case.AssignmentTokenHashes);
        }
        WriteJson(entity, "Items", @case.Items);
        if (@case.ConsolidatedApplications.Count > 0)
        {
            WriteJson(entity, "ConsolidatedApplications", @case.ConsolidatedApplications.Select(n => n.ToString()).ToList());
        }

        if (@case.Determination is not null)
        {
            WriteJson(entity, "Determination", @case.Determination);
        }

        if (@case.Remands.Count > 0)
        {
            WriteJson(entity, "Remands", @case.Remands);
        }

        // Absent and null mean the same here; leaving nulls out keeps the payload small and portable.
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    public static Case FromEntity(TableEntity entity)
    {
        var caseNumber = CaseNumber.Parse(entity.PartitionKey);
        return new Case
        {
            CaseNumber = caseNumber,
            State = StrictEnum.Parse<CaseState>(entity.GetString("State")),
            StateReason = entity.GetString("StateReason"),
            Priority = StrictEnum.Parse<Priority>(entity.GetString("Priority")),
            ReviewerId = entity.GetString("ReviewerId"),
            PreviousReviewerIds = ReadJson<List<string>>(entity, "PreviousReviewerIds") ?? [],
            AssignmentTokenHashes = ReadJson<List<string>>(entity, "AssignmentTokenHashes") ?? [],
            AssignmentCount = entity.GetInt32("AssignmentCount") ?? 0,
            EscalationLevel = entity.GetInt32("EscalationLevel") ?? 0,
            Deadlines = new CaseDeadlines
            {
                RecordsDue = entity.GetDateTimeOffset(nameof(CaseDeadlines.RecordsDue)),
                RecordsReminder = entity.GetDateTimeOffset(nameof(CaseDeadlines.RecordsReminder)),
                RecordsEscalation = entity.GetDateTimeOffset(nameof(CaseDeadlines.RecordsEscalation)),
                DeterminationDue = entity.GetDateTimeOffset(nameof(CaseDeadlines.DeterminationDue)),
                DeterminationReminder = entity.GetDateTimeOffset(nameof(CaseDeadlines.DeterminationReminder)),
                DeterminationEscalation = entity.GetDateTimeOffset(nameof(CaseDeadlines.DeterminationEscalation)),
            },
            Items = ReadJson<List<string>>(entity, "Items") ?? [],
            PolicyVersion = entity.GetString("PolicyVersion") ?? "",
            WorkflowVersion = entity.GetString("WorkflowVersion") ?? "",
            ContentHash = entity.GetString("ContentHash"),
            AssignedAt = entity.GetDateTimeOffset("AssignedAt"),
            NoticeSentAt = entity.GetDateTimeOffset("NoticeSentAt"),
            ExpeditedAt = entity.GetDateTimeOffset("ExpeditedAt"),
            NoConflictStatedAt = entity.GetDateTimeOffset("NoConflictStatedAt"),
            NoticeServedBy = Enum.TryParse<ServiceMethod>(entity.GetString("NoticeServedBy"), out var servedBy) ? servedBy : null,
            RecordsReceivedAt = entity.GetDateTimeOffset("RecordsReceivedAt"),
            Determination = ReadJson<DeterminationSummary>(entity, "Determination"),
            Remands = ReadJson<List<CaseRemandRecord>>(entity, "Remands") ?? [],
            StepWatermark = ReadStepWatermark(entity),
            ConsolidatedInto = entity.GetString("ConsolidatedInto") is { } into ? CaseNumber.Parse(into) : null,
            ConsolidatedApplications = (ReadJson<List<string>>(entity, "ConsolidatedApplications") ?? []).Select(CaseNumber.Parse).ToList(),
            Stuck = entity.GetString("StuckReason") is { } stuckReason
                ? new CaseStuck(stuckReason, entity.GetString("StuckDetail") ?? "", entity.GetDateTimeOffset("StuckSince") ?? default)
                : null,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        };
    }

    public static IReadOnlyList<string> DeadlineKeys(TableEntity entity) => ReadJson<List<string>>(entity, "DeadlineKeys") ?? [];

    /// <summary>Whether the deadline is one the records' arrival meets (RecordsDue, RecordsReminder).</summary>
    public static bool IsRecordsDeadline(string name) =>
        name is nameof(CaseDeadlines.RecordsDue) or nameof(CaseDeadlines.RecordsReminder) or nameof(CaseDeadlines.RecordsEscalation);

    public static IEnumerable<(string Name, DateTimeOffset? Due)> Deadlines(CaseDeadlines deadlines)
    {
        yield return (nameof(CaseDeadlines.RecordsDue), deadlines.RecordsDue);
        yield return (nameof(CaseDeadlines.RecordsReminder), deadlines.RecordsReminder);
        yield return (nameof(CaseDeadlines.RecordsEscalation), deadlines.RecordsEscalation);
        yield return (nameof(CaseDeadlines.DeterminationDue), deadlines.DeterminationDue);
        yield return (nameof(CaseDeadlines.DeterminationReminder), deadlines.DeterminationReminder);
        yield return (nameof(CaseDeadlines.DeterminationEscalation), deadlines.DeterminationEscalation);
    }

    private static StepOrder? ReadStepWatermark(TableEntity entity)
    {
        // Rows written before the watermark have no such column: null, which accepts any step.
        var stored = entity.GetString("StepWatermark");
        try
        {
            return stored is null ? null : StepOrder.Parse(stored);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Case {entity.PartitionKey}: column StepWatermark: {e.Message}", e);
        }
    }

    private static void WriteJson<T>(TableEntity entity, string column, T value)
    {
        var json = StorageJson.Serialize(value);
        if (json.Length > MaxJsonLength)
        {
            throw new ArgumentException(
                $"Case.{column} serializes to {json.Length} characters; a case row holds at most {MaxJsonLength}.", nameof(value));
        }

        entity[column] = json.Length <= ChunkLength ? json : json[..ChunkLength];
        for (int start = ChunkLength, part = 2; start < json.Length; start += ChunkLength, part++)
        {
            entity[$"{column}_{part}"] = json.Substring(start, Math.Min(ChunkLength, json.Length - start));
        }
    }

    private static T? ReadJson<T>(TableEntity entity, string column)
        where T : class
    {
        var first = entity.GetString(column);
        if (first is null)
        {
            return null;
        }

        var json = first;
        for (var part = 2; entity.GetString($"{column}_{part}") is { } next; part++)
        {
            json += next;
        }

        return StorageJson.Deserialize<T>(json, column);
    }
}
