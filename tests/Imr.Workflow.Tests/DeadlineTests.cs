using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;
using Imr.Workflow.Timing;
using Microsoft.DurableTask.Client;

namespace Imr.Workflow.Tests;

/// <summary>Deadlines, retries and escalation with statutory days compressed to fractions of a second.</summary>
public sealed class DeadlineTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task With_no_eligible_reviewer_the_case_is_unassigned_and_escalated_until_one_becomes_available()
    {
        // Only an ineligible reviewer exists (license lapsed); every other test's reviewers are paused.
        await AddReviewerAsync("lapsed", r => r with { Licenses = [r.Licenses[0] with { Expires = Today.AddDays(-1) }] });
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));

        var unassigned = await WaitForStatusAsync(s => s.State == CaseState.Unassigned);
        unassigned.EscalationLevel.ShouldBe(1);
        unassigned.ReviewerId.ShouldBeNull();
        (await CaseRowAsync()).State.ShouldBe(CaseState.Unassigned);
        var escalated = (await AuditAsync()).Single(a => a.Action == "Escalated");
        escalated.Detail.ShouldContain("license.expired");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Escalation" && n.Recipient == "operations");

        // A record that arrives meanwhile is recorded, and is not taken for a new assignment attempt.
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("early.pdf", new string('e', 64)));
        await WaitForAuditAsync("RecordArrived");
        (await AuditAsync()).Count(a => a.Action is "Unassigned" or "Escalated").ShouldBe(1);

        var reviewer = await AddReviewerAsync("b");
        await RaiseAsync(CaseWorkflowContract.RetryAssignmentEvent);

        var assigned = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        assigned.ReviewerId.ShouldBe(reviewer.Id);
        assigned.EscalationLevel.ShouldBe(1, "escalation is kept on the record after assignment");
        (await LoadOfAsync(reviewer.Id)).ShouldBe(1);

        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.TreatmentAuthorized, "authorized", DateTimeOffset.UtcNow));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Terminated);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task An_unassigned_case_retries_on_its_timer_across_generations_and_escalates_every_few_attempts()
    {
        var timing = Calm with { AssignmentRetryDays = 0.02, UnassignedEscalateEvery = 2, WakeUpsPerGeneration = 3 };
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));

        // Attempts 1, 3, 5 and 7 escalate; three wake-ups per generation means several ContinueAsNew on the way.
        var status = await WaitForStatusAsync(s => s.EscalationLevel >= 4, seconds: 30);
        status.State.ShouldBe(CaseState.Unassigned);
        var audit = await AuditAsync();
        audit.Count(a => a.Action == "Escalated").ShouldBeGreaterThanOrEqualTo(4);
        audit.Count(a => a.Action == "Unassigned").ShouldBeGreaterThanOrEqualTo(3);
        audit.Select(a => a.Id).ShouldBeUnique();

        var reviewer = await AddReviewerAsync("late");
        var assigned = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords, seconds: 10);
        assigned.ReviewerId.ShouldBe(reviewer.Id);
        (await CaseRowAsync()).AssignmentCount.ShouldBe(1);
    }

    [Fact]
    public async Task Repeated_records_complete_calls_to_an_unassigned_case_do_not_spin_it_through_generations()
    {
        // Few wake-ups per generation, and a retry far away: only events can end a generation here.
        var timing = Calm with { AssignmentRetryDays = 30, WakeUpsPerGeneration = 3 };
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        await WaitForStatusAsync(s => s.State == CaseState.Unassigned);

        for (var i = 0; i < 12; i++)
        {
            await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        }

        // Each generation of an unassigned case starts with a new attempt. Were events set aside counted as wake-ups again
        // in every generation, once three piled up every generation would end at once: attempts without end.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var attempts = (await AuditAsync()).Count(a => a.Action is "Unassigned" or "Escalated");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = (await AuditAsync()).Count(a => a.Action is "Unassigned" or "Escalated");

        later.ShouldBe(attempts, "no attempt without a new event or the retry timer");
        attempts.ShouldBeLessThanOrEqualTo(1 + (12 / 3), "at most one attempt per generation the events themselves ended");
        (await WaitForStatusAsync(s => s.State == CaseState.Unassigned)).EscalationLevel.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("Standard", true, 12)]
    [InlineData("Standard", false, 15)]
    [InlineData("Expedited", true, 1)]
    public async Task Deadlines_follow_the_priority_and_how_the_notice_was_sent(string priority, bool electronic, int recordsDays)
    {
        await AddReviewerAsync("a");
        var json = CaseFileJson(root =>
        {
            root["priority"] = priority;
            if (priority == "Expedited")
            {
                root["expeditedCertification"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["certifiedBy"] = "NPI-1",
                    ["certifiedOn"] = Today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    ["statement"] = "Imminent and serious threat (test).",
                };
            }
        });
        await StartAsync(await StoredCaseAsync(json, Calm) with { ElectronicNotice = electronic });

        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var row = await CaseRowAsync();
        // The records clock runs from the notice of assignment (8 CCR § 9792.10.5(a)(1)).
        var noticeAt = row.NoticeSentAt!.Value;
        row.NoticeServedBy.ShouldBe(electronic ? ServiceMethod.Electronic : ServiceMethod.Mail);
        var expectedPriority = priority == "Expedited" ? Priority.Expedited : Priority.Standard;
        row.Priority.ShouldBe(expectedPriority);
        awaiting.Deadlines.RecordsDue.ShouldBe(Imr.Domain.Clock.StatutoryClock.Current.RecordsDue(expectedPriority, noticeAt, electronic));
        if (priority == "Expedited")
        {
            (awaiting.Deadlines.RecordsDue!.Value - noticeAt).ShouldBe(TimeSpan.FromHours(24));
        }
        else
        {
            // The end of the Nth day in California, moved to a business day when it falls on a weekend or holiday.
            (awaiting.Deadlines.RecordsDue!.Value - noticeAt).TotalDays.ShouldBeInRange(recordsDays - 1, recordsDays + 5);
        }

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var received = (await CaseRowAsync()).RecordsReceivedAt!.Value;
        review.Deadlines.DeterminationDue.ShouldBe(Imr.Domain.Clock.StatutoryClock.Current.DeterminationDue(expectedPriority, received));
        (review.Deadlines.DeterminationDue!.Value - received).TotalDays.ShouldBeInRange(priority == "Expedited" ? 2 : 29, priority == "Expedited" ? 4 : 31);
    }

    [Fact]
    public async Task When_the_records_deadline_passes_review_starts_from_the_due_date_and_late_records_are_still_recorded()
    {
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Fast));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var recordsDue = awaiting.Deadlines.RecordsDue!.Value;

        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var row = await CaseRowAsync();
        row.RecordsReceivedAt.ShouldBe(recordsDue, "the review clock starts at the records due date when records never came");
        row.Deadlines.DeterminationDue.ShouldNotBeNull();
        row.Deadlines.DeterminationDue!.Value.ShouldBeGreaterThan(recordsDue.AddDays(29));
        var started = (await AuditAsync()).Single(a => a.Action == "ReviewStarted");
        started.Detail.ShouldContain("records due date passed");
        // The records reminder and escalation came first, to the claims administrator.
        (await AuditAsync()).Select(a => a.Action).ShouldContain("Reminded");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Reminder" && n.Recipient == "CA-1");

        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("late-pr2.pdf", new string('b', 64)));
        await WaitForAuditAsync("RecordArrived");
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Terminated);
    }

    [Fact]
    public async Task An_undecided_case_is_reminded_escalated_and_then_reassigned_to_a_different_reviewer()
    {
        var reviewerA = await AddReviewerAsync("a");
        var reviewerB = await AddReviewerAsync("b");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Fast));

        // Both tie; the ranking's tie-break (keyed by the case number) picks one, and the other is next.
        var firstId = (await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords)).ReviewerId;
        var (first, second) = firstId == reviewerA.Id ? (reviewerA, reviewerB) : (reviewerB, reviewerA);
        first.Id.ShouldBe(firstId);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var due = review.Deadlines.DeterminationDue!.Value;

        var reassigned = await WaitForStatusAsync(s => s.ReviewerId == second.Id);
        reassigned.State.ShouldBe(CaseState.UnderReview);
        reassigned.Deadlines.DeterminationDue.ShouldBe(due, "the clock keeps running across a reassignment");

        var audit = await AuditAsync();
        // Only the determination's points count here (a slow machine may also have reached the records' points).
        var reviewPoints = audit.Where(a => a.Detail.Contains("determination-due", StringComparison.Ordinal) || a.Action is "Reassigned" or "AssignmentReleased").ToList();
        var actions = reviewPoints.Select(a => a.Action).ToList();
        actions.ShouldBe(["Reminded", "Escalated", "AssignmentReleased", "Reassigned"]);
        reviewPoints[0].Detail.ShouldContain($"reviewer:{first.Id}");
        reassigned.EscalationLevel.ShouldBe(audit.Count(a => a.Action == "Escalated") + 1, "each escalation point and the reassignment raise the level");
        audit.Single(a => a.Action == "AssignmentReleased").Detail.ShouldContain("passed without a decision");
        audit.Single(a => a.Action == "Reassigned").Detail.ShouldContain($"reviewer={second.Id}");
        var row = await CaseRowAsync();
        row.PreviousReviewerIds.ShouldBe([first.Id]);
        row.AssignmentCount.ShouldBe(2);
        (await LoadOfAsync(first.Id)).ShouldBe(0);
        (await LoadOfAsync(second.Id)).ShouldBe(1);

        // The first reviewer no longer has the case.
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(first.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        await WaitForAuditAsync("DecisionRefused");
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(second.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.ReviewerId.ShouldBe(second.Id);
        (await LoadOfAsync(second.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_case_that_ends_leaves_no_timer_to_act_on_it()
    {
        // One second per statutory day: the determination reminder (day 15 of review) is about 15 s away.
        var timing = Fast with { SecondsPerStatutoryDay = 1 };
        await AddReviewerAsync("a");
        var started = DateTimeOffset.UtcNow;
        await StartAsync(await StoredCaseAsync(CaseFileJson(), timing));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview && s.NextPoint == "determination-reminder");
        var reminderAt = started + ((review.NextPointAt!.Value - started) * (timing.SecondsPerStatutoryDay / 86_400));
        (reminderAt - DateTimeOffset.UtcNow).ShouldBeGreaterThan(TimeSpan.FromSeconds(8));

        var ended = DateTimeOffset.UtcNow;
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        var outcome = await WaitForOutcomeAsync(seconds: 10);

        // A durable timer that is still outstanding keeps an orchestration Running until it fires; completing well
        // before the reminder was due shows the reminder timer was cancelled, not waited out.
        outcome.State.ShouldBe(CaseState.Terminated);
        var state = await Client.GetInstanceAsync(InstanceId);
        state!.LastUpdatedAt.ShouldBeLessThan(reminderAt - TimeSpan.FromSeconds(2));
        (state.LastUpdatedAt - ended).ShouldBeLessThan(TimeSpan.FromSeconds(6));

        // Let the reminder's time pass: nothing acts on the ended case.
        var wait = reminderAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var after = await Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true);
        after!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        after.LastUpdatedAt.ShouldBe(state.LastUpdatedAt);
        after.ReadOutputAs<Imr.Workflow.Orchestration.CaseOutcome>()!.State.ShouldBe(CaseState.Terminated);
        (await AuditAsync()).Select(a => a.Action).ShouldNotContain("Reminded");
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == "Reminder");
        (await CaseRowAsync()).State.ShouldBe(CaseState.Terminated);
    }
}
