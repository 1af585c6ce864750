using System.Globalization;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Storage;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;
using Case = Imr.Domain.Cases.Case;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// A case write deletes the deadline entries it retires once, after the row; one left behind by a write that stopped
/// in between is cleared by the escalation sweep when it falls due, and never acted on.
/// </summary>
[Collection(StorageCostCollection.Name)]
public sealed class StaleDeadlineEntryTests(StorageCostHarness harness)
{
    [Fact]
    public async Task The_sweep_drops_a_due_entry_its_case_no_longer_has_and_neither_escalates_nor_restarts_for_it()
    {
        var index = Port<ICaseIndex>();
        var caseNumber = CaseNumber.Create(26, 900_001);
        var recordsDue = DateTimeOffset.UtcNow.AddDays(-3);
        await index.TryCreateAsync(new Case
        {
            CaseNumber = caseNumber,
            State = CaseState.AwaitingRecords,
            ReviewerId = "rev-stale",
            Deadlines = new CaseDeadlines { RecordsDue = recordsDue },
            CreatedAt = recordsDue.AddDays(-12),
        });
        var entry = (await index.FindDueAsync(DateTimeOffset.UtcNow)).Single(d => d.CaseNumber == caseNumber);

        // The records came in; the write that said so stopped before deleting the records entry: put it back as it was.
        await index.UpdateAsync(caseNumber, c => c with
        {
            State = CaseState.UnderReview,
            RecordsReceivedAt = recordsDue.AddDays(-1),
            Deadlines = c.Deadlines with { DeterminationDue = DateTimeOffset.UtcNow.AddDays(27) },
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        var deadlines = Port<StorageClients>().Tables.GetTableClient(StorageNames.DeadlinesTable);
        await deadlines.UpsertEntityAsync(new TableEntity(
            "m" + entry.DueAt.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{entry.DueAt.UtcTicks:D19}|{caseNumber}|{entry.Deadline}"))
        {
            ["CaseNumber"] = caseNumber.ToString(),
            ["Deadline"] = entry.Deadline,
            ["DueAt"] = entry.DueAt,
            ["EscalationLevel"] = 0,
        });
        (await index.FindDueAsync(DateTimeOffset.UtcNow)).ShouldContain(d => d.CaseNumber == caseNumber);

        var sweep = new EscalationSweep(
            harness.Client, index, Port<ICaseFileStore>(), Port<IAuditTrail>(), Port<INotificationQueue>(), TimeProvider.System, new CaseStartSettings(), NullLogger<EscalationSweep>.Instance);
        var report = await sweep.RunAsync(TimeSpan.Zero);

        report.Dropped.ShouldBe(1);
        report.Escalated.ShouldBe(0);
        // Counted per case, not from the report: the sweep also compares every other open case in this shared storage.
        // A row written just now is within the settle time, so its missing orchestration is not acted on yet either.
        (await index.FindDueAsync(DateTimeOffset.UtcNow)).ShouldNotContain(d => d.CaseNumber == caseNumber);
        (await index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(0);
        (await Port<IAuditTrail>().ReadAsync(caseNumber)).ShouldBeEmpty("the stale entry is not taken for a case without its orchestration: nothing restarted or reported");
    }

    private T Port<T>() where T : notnull => harness.Services.GetRequiredService<T>();
}
