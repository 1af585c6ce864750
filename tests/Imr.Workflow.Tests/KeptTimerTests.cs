using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>
/// A timer that an event beat is kept for the case's next wait (docs/workflow.md, "Timers"). The timer count itself is
/// measured where timers are queue messages, on the Azure Storage engine (Imr.Local.Tests, TaskHubStorageTests); the
/// in-process engine here does not serve history. This test proves the behaviour around it.
/// </summary>
public sealed class KeptTimerTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_kept_timer_that_fires_before_the_next_point_wakes_the_case_for_nothing_and_the_wait_goes_on()
    {
        // A statutory day is one second: the records reminder comes 6-9 s after assignment (half of the 12-day notice
        // period, rolled to a business day), the determination reminder 15 s or more after the records.
        var timing = Calm with { SecondsPerStatutoryDay = 1 };
        var reviewer = await AddReviewerAsync("a");
        var input = await StoredCaseAsync(CaseFileJson(), timing);
        var startedBefore = DateTimeOffset.UtcNow;
        await StartAsync(input);
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        awaiting.NextPoint.ShouldBe("records-reminder");
        (await CaseRowAsync()).WorkflowVersion.ShouldBe(CaseWorkflowContract.CurrentVersion);

        // The records come before the reminder: the review waits on the records' timer, which fires too early for it.
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        review.NextPoint.ShouldBe("determination-reminder");

        var recordsReminderReal = ToReal(awaiting.NextPointAt!.Value, startedBefore, timing);
        var reviewPointReal = ToReal(review.NextPointAt!.Value, startedBefore, timing);
        (reviewPointReal - recordsReminderReal).ShouldBeGreaterThan(TimeSpan.FromSeconds(5), "the kept timer must fire well before the review's point");

        // Past the records reminder's instant, with the review's point still ahead: the case woke and went back to waiting.
        await DelayUntilAsync(recordsReminderReal + TimeSpan.FromSeconds(3));
        DateTime.UtcNow.ShouldBeLessThan(reviewPointReal, "the machine was too slow to look between the two points");
        var still = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        still.NextPoint.ShouldBe("determination-reminder", "waking early is not reaching the point");
        still.NextPointAt.ShouldBe(review.NextPointAt);
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == NotificationKinds.Reminder || n.Kind == NotificationKinds.Escalation);
        (await AuditAsync()).ShouldNotContain(a => a.Action == "Reminded" || a.Action == "Escalated");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Generations.ShouldBe(1);
    }

    /// <summary>
    /// The real instant of a statutory one: statutory time runs from the anchor (where both agree) at
    /// 86,400 / SecondsPerStatutoryDay times real speed. The anchor is the orchestration's start, a moment after
    /// <paramref name="startedBefore"/>, so the result is early by that moment; the waits below allow for it.
    /// </summary>
    private static DateTime ToReal(DateTimeOffset statutory, DateTimeOffset startedBefore, Timing.WorkflowTiming timing) =>
        startedBefore.UtcDateTime + TimeSpan.FromSeconds((statutory - startedBefore).TotalDays * timing.SecondsPerStatutoryDay);

    private static async Task DelayUntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
