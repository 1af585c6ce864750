using System.Text;
using System.Text.Json;
using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests;

/// <summary>
/// The assignment credential: issued by the assignment activity, stored only as a hash, and required with the decision.
/// A token from an earlier assignment is refused once the case is reassigned.
/// </summary>
public sealed class AssignmentCredentialTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task Only_the_current_assignment_token_of_the_assigned_reviewer_is_accepted_and_a_token_replayed_after_reassignment_is_refused()
    {
        var reviewerA = await AddReviewerAsync("a");
        var reviewerB = await AddReviewerAsync("b");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Fast));

        // Both tie; the ranking's tie-break (keyed by the case number) picks one, and the other is next.
        var firstId = (await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords)).ReviewerId;
        var (first, second) = firstId == reviewerA.Id ? (reviewerA, reviewerB) : (reviewerB, reviewerA);
        first.Id.ShouldBe(firstId);
        var firstToken = TokenOfAttempt(1);
        await StoredOnlyAsHashAsync(1, firstToken);

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.ReviewerId == second.Id, seconds: 40);
        var secondToken = TokenOfAttempt(2);
        secondToken.ShouldNotBe(firstToken);
        await StoredOnlyAsHashAsync(2, secondToken);

        var decisions = new DecisionSubmission(Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), Port<IAuditTrail>(), TimeProvider.System, NullLogger<DecisionSubmission>.Instance);
        async Task<(OutcomeStatus Status, string? Path)> SubmitAsync(string reviewerId, string? bodyToken, string? headerToken = null)
        {
            var outcome = await decisions.SubmitAsync(CaseNumber.ToString(), Body(reviewerId, bodyToken), headerToken);
            return (outcome.Status, outcome.Problems.Count > 0 ? outcome.Problems[0].Path : null);
        }

        // The conflict statement (LC § 139.5) takes the same credential: the replayed one is refused, the current one opens the decision.
        var statements = new ConflictStatementSubmission(Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), TimeProvider.System, NullLogger<ConflictStatementSubmission>.Instance);
        (await statements.SubmitAsync(CaseNumber.ToString(), NoConflict, firstToken)).Status.ShouldBe(OutcomeStatus.Forbidden, "the first assignment's token is replayed");
        (await SubmitAsync(second.Id, secondToken)).ShouldBe((OutcomeStatus.Conflict, "conflictStatement"), "a decision before the statement");
        (await statements.SubmitAsync(CaseNumber.ToString(), NoConflict, secondToken)).Status.ShouldBe(OutcomeStatus.Accepted);
        await WaitForAuditAsync("NoConflictStated");

        (await SubmitAsync(first.Id, firstToken)).ShouldBe((OutcomeStatus.Forbidden, "$.reviewerId"), "the first reviewer no longer has the case");
        (await SubmitAsync(second.Id, firstToken)).ShouldBe((OutcomeStatus.Forbidden, "$.assignmentToken"), "the first assignment's token is replayed");
        (await SubmitAsync(second.Id, null)).ShouldBe((OutcomeStatus.Forbidden, "$.assignmentToken"), "no token");
        (await SubmitAsync(second.Id, AssignmentCredential.NewToken())).ShouldBe((OutcomeStatus.Forbidden, "$.assignmentToken"), "a token never issued");
        (await SubmitAsync(second.Id, secondToken[..^1])).ShouldBe((OutcomeStatus.Forbidden, "$.assignmentToken"), "a truncated token");
        (await SubmitAsync(second.Id, new string('x', 10_000))).ShouldBe((OutcomeStatus.Forbidden, "$.assignmentToken"), "an absurdly long token");
        (await AuditAsync()).Count(a => a.Action == "DecisionRefused").ShouldBeGreaterThanOrEqualTo(5, "every refusal is audited");
        (await CaseRowAsync()).State.ShouldBe(CaseState.UnderReview, "no refused decision reached the case");

        // The header carries a token as well as the body.
        (await SubmitAsync(second.Id, null, headerToken: secondToken)).Status.ShouldBe(OutcomeStatus.Accepted);
        (await SubmitAsync(second.Id, null, headerToken: secondToken)).Status.ShouldBe(OutcomeStatus.Accepted, "the same decision again");
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);

        // The token never reaches the audit trail or the case row in clear.
        var audit = string.Join("\n", (await AuditAsync()).Select(a => a.Id + a.Detail));
        audit.ShouldNotContain(firstToken);
        audit.ShouldNotContain(secondToken);
        JsonSerializer.Serialize(await CaseRowAsync()).ShouldNotContain(secondToken);
    }

    [Fact]
    public async Task A_late_copy_of_the_assignment_step_that_the_row_refuses_still_issues_a_token_that_works()
    {
        var reviewer = await AddReviewerAsync("late");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Fast));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var row = await CaseRowAsync();
        var first = TokenOfAttempt(1);

        // The same step again, redelivered late: its order is older than the row's watermark, so the row refuses it and
        // keeps the first run's credential; the copy's token is recorded as an idempotency record, beside the row.
        var old = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var late = new CaseStep(CaseNumber, "assigned:1", DateTimeOffset.UtcNow, row.PolicyVersion, row.WorkflowVersion) { Order = new StepOrder(old, 0, old, 0) };
        await new RecordAssignmentActivity(Port<IReviewerRegistry>(), Port<CaseJournal>(), Port<IIdempotencyRecords>(), NullLogger<RecordAssignmentActivity>.Instance).RunAsync(
            null!,
            new RecordAssignmentRequest
            {
                Step = late,
                ReviewerId = reviewer.Id,
                Attempt = 1,
                State = CaseState.AwaitingRecords,
                Deadlines = row.Deadlines,
                AssignedAt = row.AssignedAt ?? default,
            });
        var lateToken = TokenOfAttempt(1);
        lateToken.ShouldNotBe(first);
        (await CaseRowAsync()).AssignmentTokenHashes.ShouldBe([AssignmentCredential.Hash(first)], "the refused copy did not touch the row");
        (await Port<IIdempotencyRecords>().GetAsync(AssignmentCredential.Key(CaseNumber, 1, AssignmentCredential.Hash(lateToken)))).ShouldNotBeNull();

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var statements = new ConflictStatementSubmission(Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), TimeProvider.System, NullLogger<ConflictStatementSubmission>.Instance);
        (await statements.SubmitAsync(CaseNumber.ToString(), NoConflict, lateToken)).Status.ShouldBe(OutcomeStatus.Accepted);
        await WaitForAuditAsync("NoConflictStated");
        var decisions = new DecisionSubmission(Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), Port<IAuditTrail>(), TimeProvider.System, NullLogger<DecisionSubmission>.Instance);
        (await decisions.SubmitAsync(CaseNumber.ToString(), Body(reviewer.Id, lateToken), null)).Status.ShouldBe(OutcomeStatus.Accepted);
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    private static byte[] NoConflict => """{"noConflict":true}"""u8.ToArray();

    private string TokenOfAttempt(int attempt)
    {
        var notices = Harness.Notifications.For(CaseNumber)
            .Where(n => n.Kind == NotificationKinds.AssignmentNotice && n.Id.EndsWith($":assigned:{attempt}:AssignmentNotice", StringComparison.Ordinal))
            .ToList();
        notices.ShouldNotBeEmpty($"a notice of assignment {attempt}");
        notices.ShouldAllBe(n => !string.IsNullOrEmpty(n.AssignmentToken));

        // 256 random bits, base64url: 43 characters.
        notices[^1].AssignmentToken!.Length.ShouldBe(43);
        return notices[^1].AssignmentToken!;
    }

    private async Task StoredOnlyAsHashAsync(int attempt, string token)
    {
        // On the case row, for the current attempt only, with no record of its own: the decision reads the row anyway.
        var hash = AssignmentCredential.Hash(token);
        var row = await CaseRowAsync();
        row.AssignmentCount.ShouldBe(attempt);
        row.AssignmentTokenHashes.ShouldBe([hash]);
        (await Port<IIdempotencyRecords>().GetAsync(AssignmentCredential.Key(CaseNumber, attempt, hash))).ShouldBeNull();
        JsonSerializer.Serialize(row).ShouldNotContain(token);
    }

    private static byte[] Body(string reviewerId, string? token) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        reviewerId,
        items = Items.Select(i => new { description = i, decision = "Upheld", guideline = "MTUS", rationale = "Meets the guideline." }).ToArray(),
        clinicalSummary = "Summary.",
        assignmentToken = token,
    }));
}
