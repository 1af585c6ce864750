using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests;

/// <summary>
/// Stuck cases on the real orchestration over Azurite: the escalation sweep finds a case whose orchestration failed
/// before it had any deadline entry, and one whose row lost a write and so disagrees with its orchestration; both are
/// marked, listed as Stuck, and a retry brings each to Determined with one letter.
/// </summary>
public sealed class StuckCaseTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_case_that_failed_before_its_first_deadline_is_found_by_the_sweep_and_retried_to_its_letter()
    {
        var reviewer = await AddReviewerAsync("a");
        var input = await StoredCaseAsync(CaseFileJson(), Calm);
        await CreateRowAsSubmissionDoesAsync(input);

        // Every try of the acceptance step fails (a storage fault); the fault then passes, as a fixed cause would.
        Harness.Faults.FailCaseFileReadsTimes(CaseNumber, Calm.ActivityAttempts);
        await StartAsync(input);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            (await Client.WaitForInstanceCompletionAsync(InstanceId, timeout.Token)).RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        }

        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Received);
        (await Port<ICaseIndex>().FindDueAsync(DateTimeOffset.MaxValue)).ShouldNotContain(e => e.CaseNumber == CaseNumber, "it has no deadline entry for the sweep to come across");

        await Sweep().RunAsync();

        (await CaseRowAsync()).Stuck.ShouldNotBeNull().Reason.ShouldBe("OrchestrationFailed");
        (await ListedStuckAsync()).ShouldContain(CaseNumber);
        (await AuditAsync()).ShouldContain(e => e.Action == "OrchestrationFailed");

        var retried = await Repair().RetryAsync(CaseNumber.ToString());
        retried.Status.ShouldBe(OutcomeStatus.Accepted);
        retried.Value!.Phase.ShouldBe(CasePhase.Accepting);
        (await CaseRowAsync()).Stuck.ShouldBeNull();

        await DecideAsync(reviewer.Id);
        await ShouldHaveOneLetterAsync();
        (await Repair().RetryAsync(CaseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Conflict, "a determined case has nothing to retry");
    }

    [Fact]
    public async Task A_case_whose_row_lost_a_write_is_found_by_the_sweep_and_retried_from_its_row_to_its_letter()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        var awaitingStatus = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var awaiting = await CaseRowAsync();

        // A row ahead of its orchestration, as while a step that wrote it is still trying: not stuck until it settles.
        var last = awaitingStatus.LastStep.ShouldNotBeNull();
        await Port<ICaseIndex>().UpdateAsync(CaseNumber, _ => awaiting with { State = CaseState.UnderReview, StepWatermark = last with { Index = last.Index + 1 } });
        await Sweep(TimeSpan.Zero).RunAsync();
        (await CaseRowAsync()).Stuck.ShouldBeNull("the step may still be trying");
        await Sweep().RunAsync();
        (await CaseRowAsync()).Stuck.ShouldNotBeNull().Reason.ShouldBe("StateDisagrees");
        await Port<ICaseIndex>().UpdateAsync(CaseNumber, _ => awaiting);

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await WaitForRowAsync(r => r.State == CaseState.UnderReview, seconds: 10);

        // As after a storage fault that lost the review's start: the row is back as it was, the orchestration under review.
        await Port<ICaseIndex>().UpdateAsync(CaseNumber, _ => awaiting);
        (await Repair().RetryAsync(CaseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Accepted, "a retry compares live, without waiting for the sweep");

        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var waiting = await CaseRowAsync();

        // Once more, now for the sweep to find: the review's start is lost, and the sweep finds it at once, since the
        // orchestration went on past a step the row never saw.
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForRowAsync(r => r.State == CaseState.UnderReview, seconds: 10);
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await Port<ICaseIndex>().UpdateAsync(CaseNumber, _ => waiting);

        await Sweep(TimeSpan.Zero).RunAsync();

        var stuck = (await CaseRowAsync()).Stuck.ShouldNotBeNull();
        stuck.Reason.ShouldBe("StateDisagrees");
        stuck.Detail.ShouldContain("AwaitingRecords");
        (await ListedStuckAsync()).ShouldContain(CaseNumber);

        var retried = await Repair().RetryAsync(CaseNumber.ToString());
        retried.Status.ShouldBe(OutcomeStatus.Accepted);
        retried.Value!.Phase.ShouldBe(CasePhase.AwaitingRecords, "the row is the case's record: it starts again from the row's state");

        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await DecideAsync(reviewer.Id, recordsCompleted: true);
        await ShouldHaveOneLetterAsync();
        await Sweep().RunAsync();
        (await ListedStuckAsync()).ShouldNotContain(CaseNumber);
    }

    [Fact]
    public async Task A_stuck_case_is_withdrawn_by_starting_it_again_with_the_withdrawal_and_a_running_one_that_agrees_is_not_retried()
    {
        await AddReviewerAsync("a");
        var input = await StoredCaseAsync(CaseFileJson(), Calm);
        await StartAsync(input);
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await WaitForRowAsync(r => r.State == CaseState.AwaitingRecords, seconds: 10);

        var refused = await Repair().RetryAsync(CaseNumber.ToString());
        refused.Status.ShouldBe(OutcomeStatus.Conflict);
        refused.Title.ShouldNotBeNull().ShouldContain("not stuck");

        await Client.TerminateInstanceAsync(InstanceId, "as if it had failed");
        await Client.WaitForInstanceCompletionAsync(InstanceId);
        var withdrawal = new CaseWithdrawal(Client, Port<ICaseIndex>(), Port<IAuditTrail>(), TimeProvider.System, Repair(), Handover(), NullLogger<CaseWithdrawal>.Instance);
        (await withdrawal.WithdrawAsync(CaseNumber.ToString(), """{"reason":"the worker withdrew"}"""u8.ToArray())).Status.ShouldBe(OutcomeStatus.Accepted);

        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Terminated);
        (await CaseRowAsync()).State.ShouldBe(CaseState.Terminated);
        (await LoadOfAsync($"{Prefix}-a")).ShouldBe(0, "the reviewer is released");
    }

    // An hour later by default: past the settle time of a disagreement that may be a step still trying.
    private EscalationSweep Sweep(TimeSpan? later = null) => new(
        Client,
        Port<ICaseIndex>(),
        Port<ICaseFileStore>(),
        Port<IAuditTrail>(),
        Port<INotificationQueue>(),
        new LaterClock(later ?? TimeSpan.FromHours(1)),
        new CaseStartSettings { Timing = Calm }, NullLogger<EscalationSweep>.Instance);

    private CaseRepair Repair() => new(Client, Port<ICaseIndex>(), Port<ICaseFileStore>(), Port<IAuditTrail>(), TimeProvider.System, new CaseStartSettings { Timing = Calm }, NullLogger<CaseRepair>.Instance);

    private ConsolidationHandover Handover() => new(Port<IConsolidationRegister>(), Port<ICaseIndex>(), Port<ICaseFileStore>(), Port<IAuditTrail>(), TimeProvider.System, new CaseStartSettings { Timing = Calm }, Repair());

    private async Task CreateRowAsSubmissionDoesAsync(CaseWorkflowInput input) =>
        (await Port<ICaseIndex>().TryCreateAsync(new Imr.Domain.Cases.Case
        {
            CaseNumber = CaseNumber,
            State = CaseState.Received,
            Items = Items,
            ContentHash = input.ContentHash,
            PolicyVersion = StatutoryPolicy.Current.Version,
            WorkflowVersion = CaseWorkflowContract.CurrentVersion,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        })).ShouldBeTrue();

    private async Task DecideAsync(string reviewerId, bool recordsCompleted = false)
    {
        if (!recordsCompleted)
        {
            await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords, seconds: 30);
            await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        }

        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewerId, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    private async Task ShouldHaveOneLetterAsync()
    {
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Determined);
        row.Stuck.ShouldBeNull();
        (await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text)).ShouldNotBeNull();
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "Determination").ShouldBe(5, "one letter is issued, served once on the AD and each of four parties");
        (await AuditAsync()).Count(e => e.Action == "Determined").ShouldBe(1);
    }

    private async Task<List<CaseNumber>> ListedStuckAsync()
    {
        var found = new List<CaseNumber>();
        string? token = null;
        do
        {
            var page = await Port<ICaseIndex>().ListAsync(new CaseQuery { Stuck = true, PageSize = 1000, ContinuationToken = token });
            found.AddRange(page.Cases.Select(c => c.CaseNumber));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return found;
    }

    /// <summary>The sweep's clock an hour on, so every row has stood unchanged longer than its settle time.</summary>
    private sealed class LaterClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
