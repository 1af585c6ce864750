using Imr.Domain.Cases;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.DurableTask.Client;

namespace Imr.Workflow.Tests;

/// <summary>
/// IMR_RETENTION_DAYS on the durable engine over Azurite: the orchestration history of a case closed longer ago than the
/// period is purged, while its case row, case file and audit trail stay; an open case keeps its history whatever its age.
/// </summary>
public sealed class HistoryRetentionTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_case_closed_longer_ago_than_the_period_loses_its_history_and_keeps_its_records()
    {
        await StartAsync(await StoredCaseAsync(CaseFileJson(urServedDaysAgo: 60), Calm));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Ineligible);
        await Client.WaitForInstanceCompletionAsync(InstanceId);
        var auditBefore = await AuditAsync();

        (await Retention(daysLater: 10).RunAsync(retentionDays: 0, InstanceId)).Purged.ShouldBe(0, "0 keeps the history forever");
        (await Retention(daysLater: 10).RunAsync(retentionDays: 30, InstanceId)).Ended.ShouldBe(0, "closed 10 days ago, within 30");
        (await Client.GetInstanceAsync(InstanceId)).ShouldNotBeNull();

        var report = await Retention(daysLater: 10).RunAsync(retentionDays: 5, InstanceId);

        report.Purged.ShouldBe(1);
        (await Client.GetInstanceAsync(InstanceId)).ShouldBeNull("the history of a case closed 10 days ago is past a 5-day period");
        (await CaseRowAsync()).State.ShouldBe(CaseState.Ineligible);
        (await Port<ICaseFileStore>().ReadCaseFileAsync(CaseNumber)).ShouldNotBeNull();
        (await AuditAsync()).Select(a => a.Id).ShouldBe(auditBefore.Select(a => a.Id));
        (await Retention(daysLater: 10).RunAsync(retentionDays: 5, InstanceId)).Purged.ShouldBe(0, "a second run finds nothing left to purge");
    }

    [Fact]
    public async Task An_open_case_whose_orchestration_ended_keeps_its_history()
    {
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await WaitForRowAsync(r => r.State == CaseState.AwaitingRecords, seconds: 10);
        await Client.TerminateInstanceAsync(InstanceId, "as if it had failed");
        await Client.WaitForInstanceCompletionAsync(InstanceId);

        var report = await Retention(daysLater: 10).RunAsync(retentionDays: 5, InstanceId);

        report.Kept.ShouldBe(1);
        (await Client.GetInstanceAsync(InstanceId)).ShouldNotBeNull("staff need the history of a stuck, open case");
        (await CaseRowAsync()).State.ShouldBe(CaseState.AwaitingRecords);
    }

    // Scoped to this test's case: the collection's other tests share the task hub, and their closed cases are not this test's to purge.
    private HistoryRetention Retention(int daysLater) => new(Client, Port<ICaseIndex>(), new LaterClock(TimeSpan.FromDays(daysLater)));

    private sealed class LaterClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
