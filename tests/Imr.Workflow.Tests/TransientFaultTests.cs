using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Storage;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>
/// Storage that keeps failing for a while, longer than one retry, then recovers: the activities' retries carry the case
/// through and nothing they write is duplicated, including writes that succeeded but whose replies were lost.
/// </summary>
public sealed class TransientFaultTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_case_file_unreadable_four_times_and_an_assignment_whose_reply_is_lost_three_times_still_end_determined_with_nothing_twice()
    {
        var reviewer = await AddReviewerAsync("a");
        var firedBefore = Harness.Faults.Fired;
        Harness.Faults.FailCaseFileReadsTimes(CaseNumber, 4);
        Harness.Faults.FailAfterRecordingAssignmentTimes(CaseNumber, 3);

        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        (await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords, seconds: 60)).ReviewerId.ShouldBe(reviewer.Id);
        Harness.Faults.Fired.ShouldBe(firedBefore + 7, "every injected fault fired before the case moved on");
        (await LoadOfAsync(reviewer.Id)).ShouldBe(1, "the load is counted once although the write was retried three times");

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);

        var audit = await AuditAsync();
        var actions = audit.Select(a => a.Action).ToList();
        foreach (var once in new[] { "CaseAccepted", "Assigned", "ReviewStarted", "Determined" })
        {
            actions.Count(a => a == once).ShouldBe(1, $"{once} in [{string.Join(", ", actions)}]");
        }

        actions.ShouldNotContain("WorkflowFailed");
        audit.Select(a => a.Id).ShouldBeUnique();
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0, "released once at the determination");
        var rows = (await Port<TableReviewerRegistry>().ListAssignmentsAsync(reviewer.Id)).Where(r => r.CaseNumber == CaseNumber).ToList();
        rows.ShouldHaveSingleItem().Released.ShouldBeTrue();
        var notices = Harness.Notifications.For(CaseNumber);
        notices.Where(n => n.Kind == "AssignmentNotice").Select(n => n.Id).Distinct().Count().ShouldBe(1);
        notices.Where(n => n.Kind == "Determination").Select(n => n.Id).Distinct().Count().ShouldBe(5, "one id per addressee: the AD and four parties");
    }
}
