using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>
/// A wait for a deadline point further away than the timer horizon sets no durable timer; the escalation
/// sweep's DeadlineNear makes the case set it (docs/workflow.md, "Timers"). Here the horizon is 0.3 s and a statutory day
/// 0.4 s, so the first deadline point is seconds further away than the horizon even on a loaded machine, and the test
/// raises DeadlineNear itself, as the sweep would (the sweep's side is in Imr.Local.Tests, EscalationSweepTests).
/// </summary>
public sealed class DeadlineNearTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    private static readonly Timing.WorkflowTiming FarDeadlines = Fast with { TimerHorizonSeconds = 0.3, SecondsPerStatutoryDay = 0.4 };

    [Fact]
    public async Task A_far_deadline_has_no_timer_until_the_sweep_says_it_is_near_and_then_every_passed_point_is_acted_on_()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), FarDeadlines));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var anchorAtLatest = DateTimeOffset.UtcNow;
        awaiting.NextPoint.ShouldBe("records-reminder");
        (await CaseRowAsync()).WorkflowVersion.ShouldBe(CaseWorkflowContract.CurrentVersion);
        var recordsDue = awaiting.Deadlines.RecordsDue!.Value;

        // Past the records due date (12+ statutory days after assignment). With a timer for every wait the review would
        // have started by now; here nothing has happened, because nothing told the case its deadlines are near.
        await Task.Delay(RealDelayUntil(recordsDue, anchorAtLatest, FarDeadlines) + TimeSpan.FromSeconds(0.5));
        var waiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        waiting.NextPoint.ShouldBe("records-reminder");
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == NotificationKinds.Reminder || n.Kind == NotificationKinds.Escalation);

        // The sweep announces the records due date, the last of the three records points: the reminder and escalation,
        // both passed, are acted on first, then the review starts from the due date, as it would have on timers.
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.RecordsDue), recordsDue));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var row = await CaseRowAsync();
        row.RecordsReceivedAt.ShouldBe(recordsDue, "the review clock starts at the records due date, not when the case woke");
        (await AuditAsync()).Single(a => a.Action == "ReviewStarted").Detail.ShouldContain("records due date passed");
        // The claims administrator is reminded at both points, and operations hear of the escalation.
        var sent = Harness.Notifications.For(CaseNumber).ToList();
        sent.Count(n => n.Kind == NotificationKinds.Reminder && n.Recipient == "CA-1").ShouldBe(2);
        sent.ShouldContain(n => n.Kind == NotificationKinds.Escalation);
        var actions = (await AuditAsync()).Select(a => a.Action).ToList();
        actions.ShouldContain("Reminded");
        actions.ShouldContain("Escalated");

        // The review's points count from the records due date, so the first may already be within the horizon; either
        // way the decision ends the case in the same generation.
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Generations.ShouldBe(1);
    }

    [Fact]
    public async Task A_deadline_near_event_for_a_point_the_case_has_passed_by_is_harmless_and_the_next_far_point_waits_for_its_own()
    {
        // The determination reminder is 6 s or more after the records, its escalation later still.
        var timing = FarDeadlines;
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await StateNoConflictAsync(reviewer.Id);

        // Later than the anchor (the orchestration's start), so real instants computed from it are never early.
        var anchorAtLatest = DateTimeOffset.UtcNow;

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        review.NextPoint.ShouldBe("determination-reminder");

        // Late news from the sweep about the records reminder (the sweep read the index before the records came in): it
        // names an instant before the review's points, so it sets no timer for them.
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.RecordsReminder), awaiting.Deadlines.RecordsReminder!.Value));
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.RecordsReminder), awaiting.Deadlines.RecordsReminder!.Value));

        // Past the determination reminder's instant: nothing was sent, since nothing said it was near.
        await Task.Delay(RealDelayUntil(review.NextPointAt!.Value, anchorAtLatest, timing) + TimeSpan.FromSeconds(0.5));
        var still = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        still.NextPoint.ShouldBe("determination-reminder");
        still.NextPointAt.ShouldBe(review.NextPointAt);
        // (A loaded machine may reach the records reminder before the records come in: that one is the case's own timer.)
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => IsDeterminationNotice(n));

        // Told of the determination reminder, the case sends it at once (its instant has passed).
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.DeterminationReminder), review.Deadlines.DeterminationReminder!.Value));
        await WaitForAsync(() => Harness.Notifications.For(CaseNumber).Any(n => IsDeterminationNotice(n) && n.Kind == NotificationKinds.Reminder && n.Recipient == $"reviewer:{reviewer.Id}"));
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => IsDeterminationNotice(n) && n.Kind == NotificationKinds.Escalation, "the escalation point is further away and nothing said it was near");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    // How long from now until a statutory instant's real instant, reckoned from an instant no earlier than the
    // orchestration's start (its anchor), so never too short.
    private static TimeSpan RealDelayUntil(DateTimeOffset statutory, DateTimeOffset anchorAtLatest, Timing.WorkflowTiming timing)
    {
        var real = anchorAtLatest + TimeSpan.FromSeconds((statutory - anchorAtLatest).TotalDays * timing.SecondsPerStatutoryDay);
        var wait = real - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    // A notice for the determination's points: its detail names the deadline (DeadlineNoticeActivity).
    private static bool IsDeterminationNotice(SentNotice notice) =>
        notice.Detail?.StartsWith("determination-due ", StringComparison.Ordinal) == true;

    [Fact]
    public async Task Told_a_deadline_is_near_in_one_generation_a_case_remembers_it_in_the_next()
    {
        // A horizon of half a statutory day (0.05 s), and one wake-up a generation: the records reminder's timer ends the
        // first generation, and the next one reaches the records escalation and due date only if it remembers what it
        // was told (CaseProgress.NearUntil): by then both are still further away than the horizon.
        var timing = Fast with { TimerHorizonSeconds = 0.05, WakeUpsPerGeneration = 1 };
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        // Told early, as a sweep that looks further ahead than the case's horizon would.
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.RecordsDue), awaiting.Deadlines.RecordsDue!.Value));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview, seconds: 15);
        (await CaseRowAsync()).RecordsReceivedAt.ShouldBe(awaiting.Deadlines.RecordsDue);
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        (await WaitForOutcomeAsync()).Generations.ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task A_deadline_near_event_still_unread_when_a_generation_ends_is_carried_into_the_next()
    {
        // Both events are sent before the case reaches its first wait, so they are there together when it does: it takes
        // the record first (a wake-up, which ends the generation at WakeUpsPerGeneration = 1), and the DeadlineNear is
        // still unread when the generation continues as new. Only CaseRun.ContinueAsNew's drain can pass it on.
        var timing = Fast with { TimerHorizonSeconds = 0.05, WakeUpsPerGeneration = 1 };
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", new string('c', 64)));
        await RaiseAsync(CaseWorkflowContract.DeadlineNearEvent, new DeadlineNear(nameof(CaseDeadlines.RecordsDue), DateTimeOffset.UtcNow.AddYears(1)));

        await WaitForStatusAsync(s => s.State == CaseState.UnderReview, seconds: 15);
        var row = await CaseRowAsync();
        row.RecordsReceivedAt.ShouldBe(row.Deadlines.RecordsDue, "the review started on the records due date's timer, which only the carried news could set");
        (await AuditAsync()).ShouldContain(a => a.Action == "RecordArrived");
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Terminated);
        outcome.Generations.ShouldBeGreaterThan(1, "the record's wake-up ended the first generation");
    }

    [Fact]
    public async Task A_case_the_sweep_started_again_sets_its_own_timers()
    {
        // As the sweep restarts a missing orchestration: its deadlines are computed afresh, so they need not be the
        // index's, and it does not wait to be told. The records due date passes and the review starts without any news.
        await AddReviewerAsync("a");
        var input = await StoredCaseAsync(CaseFileJson(), FarDeadlines) with { Source = CaseWorkflowContract.RestartSource };
        await StartAsync(input);
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview, seconds: 15);
        (await CaseRowAsync()).RecordsReceivedAt.ShouldBe(awaiting.Deadlines.RecordsDue);
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Terminated);
    }
}
