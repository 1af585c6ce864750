using System.Text;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>Decisions: who may submit, what a complete one is, and what an issued one records; plus idempotency under faults.</summary>
public sealed class DecisionTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_decision_from_a_reviewer_who_is_not_assigned_is_refused()
    {
        var a = await AddReviewerAsync("a");
        var z = await AddReviewerAsync("z");
        await ReachReviewAsync();

        // Both are eligible with the same load; which one the case gets is the ranking's tie-break, not this test's.
        var assignedId = (await CaseRowAsync()).ReviewerId;
        var (assigned, other) = assignedId == a.Id ? (a, z) : (z, a);
        assigned.Id.ShouldBe(assignedId);

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(other.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Overturned)));
        var refusal = await WaitForAuditAsync("DecisionRefused");

        refusal.Actor.ShouldBe($"reviewer:{other.Id}");
        refusal.Detail.ShouldContain("not assigned to this reviewer");
        var status = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        status.ReviewerId.ShouldBe(assigned.Id);
        (await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text)).ShouldBeNull();

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(assigned.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    [Fact]
    public async Task An_incomplete_decision_is_refused_with_every_reason_then_a_correct_one_is_issued()
    {
        var reviewer = await AddReviewerAsync("a");
        await ReachReviewAsync();
        var incomplete = Decide(reviewer.Id, (Items[0], Decision.Upheld));
        incomplete = incomplete with
        {
            Decision = incomplete.Decision with
            {
                Items = [incomplete.Decision.Items![0] with { Guideline = " " }, incomplete.Decision.Items[0]],
            },
        };

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, incomplete);
        var refusal = await WaitForAuditAsync("DecisionRefused");

        refusal.Detail.ShouldContain("$.items[0].guideline");
        refusal.Detail.ShouldContain("$.items[1]: decides disputed item 1 again");
        refusal.Detail.ShouldContain("disputed item 2 of 2 has no decision");
        refusal.Detail.ShouldNotContain(Items[0], Shouldly.Case.Insensitive, "no clinical text in the audit trail");
        refusal.Detail.ShouldNotContain("criteria");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[1], Decision.Upheld), (Items[0], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Determination!.Items.Select(i => i.Description).ShouldBe(Items, "letter items follow the case file's order");
    }

    [Fact]
    public async Task A_mixed_decision_gives_each_overturned_item_an_authorization_due_date()
    {
        var reviewer = await AddReviewerAsync("a");
        await ReachReviewAsync();

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();

        var summary = outcome.Determination!;
        var expectedDue = StatutoryClock.Current.AuthorizationDueDate(summary.DecisionDate);
        summary.Items[0].Decision.ShouldBe(Decision.Upheld);
        summary.Items[0].AuthorizationDue.ShouldBeNull();
        summary.Items[1].Decision.ShouldBe(Decision.Overturned);
        summary.Items[1].AuthorizationDue.ShouldBe(expectedDue);
        (expectedDue.DayNumber - summary.DecisionDate.DayNumber).ShouldBeGreaterThanOrEqualTo(5, "five working days are at least five calendar days");
        var stored = (await CaseRowAsync()).Determination!;
        stored.DecisionDate.ShouldBe(summary.DecisionDate);
        stored.Items.ShouldBe(summary.Items);

        var letter = Encoding.UTF8.GetString((await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text))!.Content.Span);
        letter.ShouldContain("Upheld");
        letter.ShouldContain("Overturned");
    }

    [Fact]
    public async Task A_duplicate_record_event_is_recorded_once()
    {
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var hash = new string('c', 64);

        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", hash));
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", hash));
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", new string('d', 64)));
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        // Once more after the phase changed (a new orchestration generation): still the same record.
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", hash));
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "withdrawn", DateTimeOffset.UtcNow));
        await WaitForOutcomeAsync();

        var records = (await AuditAsync()).Where(a => a.Action == "RecordArrived").ToList();
        records.Count.ShouldBe(2, "two distinct contents of pr2.pdf, each once");
        records.ShouldContain(r => r.Detail.Contains(hash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_activity_that_fails_once_after_writing_is_retried_without_counting_the_assignment_twice()
    {
        var reviewer = await AddReviewerAsync("a");
        Harness.Faults.FailAfterRecordingAssignmentOnce(CaseNumber);
        var firedBefore = Harness.Faults.Fired;

        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        Harness.Faults.Fired.ShouldBe(firedBefore + 1);
        awaiting.ReviewerId.ShouldBe(reviewer.Id);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(1, "the retried assignment was not counted again");
        (await AuditAsync()).Count(a => a.Action == "Assigned").ShouldBe(1);
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "AssignmentNotice").ShouldBeInRange(1, 2);

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_letter_whose_upload_reply_was_lost_is_issued_once_on_retry()
    {
        var reviewer = await AddReviewerAsync("a");
        await ReachReviewAsync();
        Harness.Faults.FailAfterStoringLetterOnce(CaseNumber);
        var firedBefore = Harness.Faults.Fired;

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();

        Harness.Faults.Fired.ShouldBe(firedBefore + 1);
        outcome.State.ShouldBe(CaseState.Determined);
        var text = await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text);
        outcome.LetterTextPath.ShouldBe(text!.Path);
        (await AuditAsync()).Count(a => a.Action == "Determined").ShouldBe(1);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_step_that_keeps_failing_is_audited_and_reported_and_the_case_fails_visibly()
    {
        Harness.Faults.FailCaseFileReadsAlways(CaseNumber);
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm with { ActivityAttempts = 2 }));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = await Client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, timeout.Token);

        state.RuntimeStatus.ShouldBe(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed);
        var failure = (await AuditAsync()).ShouldHaveSingleItem();
        failure.Action.ShouldBe("WorkflowFailed");
        failure.Detail.ShouldContain("AcceptCaseActivity");
        failure.Detail.ShouldContain("unreachable");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Escalation" && n.Recipient == "operations");
    }

    private async Task ReachReviewAsync()
    {
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
    }
}
