using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>The reviewer's per-case conflict statement (LC § 139.5), on the durable engine over Azurite.</summary>
public sealed class ConflictStatementTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    private static ConflictStatement NoConflict(string reviewerId) => new(reviewerId, NoConflict: true, Reason: null, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Section_139_5_a_reviewer_who_declines_for_a_conflict_sends_the_case_to_a_different_reviewer()
    {
        await AddReviewerAsync("a");
        await AddReviewerAsync("b");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        var first = (await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords)).ReviewerId!;

        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, new ConflictStatement(first, NoConflict: false, "Consulted for the employer in 2025", DateTimeOffset.UtcNow));
        var next = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords && s.ReviewerId is not null && s.ReviewerId != first);
        var second = next.ReviewerId!;

        var row = await CaseRowAsync();
        row.ReviewerId.ShouldBe(second);
        row.AssignmentCount.ShouldBe(2);
        row.PreviousReviewerIds.ShouldBe([first]);
        row.NoConflictStatedAt.ShouldBeNull("the new reviewer states afresh");
        (await LoadOfAsync(first)).ShouldBe(0, "the decliner's assignment is released");
        var audit = await AuditAsync();
        audit.Single(a => a.Action == "ConflictDeclared").Detail.ShouldContain("reason=Consulted for the employer in 2025");
        audit.Single(a => a.Action == "AssignmentReleased").Detail.ShouldContain($"reviewer={first}");
        audit.Single(a => a.Action == "Reassigned").Detail.ShouldContain("conflict of interest");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "AssignmentNotice" && n.Recipient == $"reviewer:{second}");

        // The decliner's word no longer counts; the new reviewer states, gets the records, decides.
        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, NoConflict(first));
        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, NoConflict(second));
        await RaiseOnlyAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        (await AuditAsync()).Where(a => a.Action == "NoConflictStated").ShouldHaveSingleItem().Actor.ShouldBe($"reviewer:{second}");
        await RaiseOnlyAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(second, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.ReviewerId.ShouldBe(second);
    }

    [Fact]
    public async Task Section_139_5_without_the_statement_the_case_is_escalated_at_its_next_point_the_records_held_back_and_a_decision_refused()
    {
        var reviewer = await AddReviewerAsync("c");
        // One statutory day a second: the records reminder (6 days) comes 6 s after the notice.
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm with { SecondsPerStatutoryDay = 1 }));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        // The reviewer says nothing: at the records reminder the case is escalated for the statement, once.
        await WaitForStatusAsync(s => s.NextPoint == "records-escalation", seconds: 30);
        var escalated = (await AuditAsync()).Where(a => a.Action == "Escalated").ShouldHaveSingleItem();
        escalated.Detail.ShouldContain("conflict-statement");
        escalated.Detail.ShouldContain($"to=reviewer:{reviewer.Id}");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Escalation" && n.Recipient == "operations");
        (await CaseRowAsync()).EscalationLevel.ShouldBe(1);

        await RaiseOnlyAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == "ReviewStarted", "the records go to the reviewer only after the statement");

        await RaiseOnlyAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForAuditAsync("DecisionRefused")).Detail.ShouldContain("conflict of interest");

        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, NoConflict(reviewer.Id));
        await WaitForAuditAsync("NoConflictStated");
        (await CaseRowAsync()).NoConflictStatedAt.ShouldNotBeNull();
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "ReviewStarted" && n.Recipient == $"reviewer:{reviewer.Id}");

        await RaiseOnlyAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }
}
