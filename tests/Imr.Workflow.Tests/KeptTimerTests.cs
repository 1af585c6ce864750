using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>
/// Workflow version 1.1 keeps a timer that an event beat for the next wait (docs/workflow.md, "Timers"). The timer
/// count itself is measured where timers are queue messages, on the Azure Storage engine (Imr.Local.Tests,
/// TaskHubStorageTests); the in-process engine here does not serve history. This proves the behaviour: a kept timer
/// that fires before the next wait's point is a wake-up for nothing, not the point.
/// </summary>
public sealed class KeptTimerTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_kept_timer_that_fires_before_the_next_point_wakes_the_case_for_nothing_and_the_wait_goes_on()
    {
        CaseWorkflowContract.CurrentVersion.ShouldBe("1.1");

        // A statutory day is 0.4 s: the records reminder comes seconds after assignment, the determination reminder
        // about ten seconds after the review starts.
        var timing = Calm with { SecondsPerStatutoryDay = 0.4 };
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        awaiting.NextPoint.ShouldBe("records-reminder");
        var assignedAt = (await CaseRowAsync()).AssignedAt!.Value;
        var recordsReminderIn = TimeSpan.FromSeconds((awaiting.NextPointAt!.Value - assignedAt).TotalDays * timing.SecondsPerStatutoryDay);
        var reminderPassed = DateTime.UtcNow + recordsReminderIn;

        // The records come before the reminder: the review waits on the records' timer, which fires too early for it.
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        review.NextPoint.ShouldBe("determination-reminder");
        var determinationReminderIn = (review.NextPointAt!.Value - (await CaseRowAsync()).RecordsReceivedAt!.Value).TotalDays * timing.SecondsPerStatutoryDay;
        determinationReminderIn.ShouldBeGreaterThan(recordsReminderIn.TotalSeconds + 3, "the test needs the kept timer to fire well before the review's point");

        // Past the records reminder's instant, with the review's point still ahead: the case woke and went back to waiting.
        await Task.Delay((reminderPassed - DateTime.UtcNow) + TimeSpan.FromSeconds(1.5));
        var still = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        still.NextPoint.ShouldBe("determination-reminder", "waking early is not reaching the point");
        still.NextPointAt.ShouldBe(review.NextPointAt);
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == NotificationKinds.Reminder || n.Kind == NotificationKinds.Escalation);
        (await AuditAsync()).ShouldNotContain(a => a.Action == "Reminded" || a.Action == "Escalated");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Generations.ShouldBe(1);
        (await CaseRowAsync()).WorkflowVersion.ShouldBe("1.1");
    }
}
