using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// The step watermark on the case row (issue #8): a copy of an activity that runs late (redelivered after its host was
/// killed) with a step older than the row's newest writes nothing; a retry of the newest step and a newer step still
/// write; rows from before the watermark accept any step. Activities run directly against real Azurite.
/// </summary>
[Collection(StorageCostCollection.Name)]
public sealed class LateStepTests(StorageCostHarness harness)
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 2, 16, 0, 0, TimeSpan.Zero);
    private static int s_next = 940_000;

    [Fact]
    public async Task A_late_RecordUnassigned_copy_leaves_an_assigned_case_with_its_reviewer()
    {
        var number = NextCase();
        var assigned = await CreateAsync(AssignedRow(number, Order(generation: 0, index: 4)));
        var activity = ActivatorUtilities.CreateInstance<RecordUnassignedActivity>(harness.Services);

        // The copy of "unassigned:1" (index 2) comes back after "assigned:2" (index 4) wrote the row.
        await activity.RunAsync(new Context(number), new RecordUnassignedRequest(
            StepAt(number, "unassigned:1", Order(generation: 0, index: 2)), 1, 1, true, "candidates=0", Anchor.AddDays(1)));

        var row = await ReadAsync(number);
        row.ETag.ShouldBe(assigned.ETag, "nothing is written");
        row.Case.State.ShouldBe(CaseState.AwaitingRecords);
        row.Case.ReviewerId.ShouldBe("rev-b");
        row.Case.StepWatermark.ShouldBe(Order(generation: 0, index: 4));
    }

    [Fact]
    public async Task A_late_StartReview_copy_after_a_reassignment_leaves_the_row_as_the_reassignment_wrote_it()
    {
        var number = NextCase();
        var reassignedDeadlines = new CaseDeadlines { DeterminationDue = Anchor.AddDays(40) };
        var reassigned = await CreateAsync(AssignedRow(number, Order(generation: 1, index: 0)) with
        {
            State = CaseState.UnderReview,
            StateReason = "reassigned",
            Deadlines = reassignedDeadlines,
        });
        var activity = ActivatorUtilities.CreateInstance<StartReviewActivity>(harness.Services);

        // "review-started" of generation 0 comes back after generation 1 reassigned the case.
        await activity.RunAsync(new Context(number), new StartReviewRequest(
            StepAt(number, "review-started", Order(generation: 0, index: 7)),
            Anchor.AddDays(5),
            new CaseDeadlines { DeterminationDue = Anchor.AddDays(35) },
            "records complete"));

        var row = await ReadAsync(number);
        row.ETag.ShouldBe(reassigned.ETag, "nothing is written");
        row.Case.StateReason.ShouldBe("reassigned");
        row.Case.Deadlines.ShouldBe(reassignedDeadlines);
        row.Case.RecordsReceivedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_retry_of_the_newest_step_writes_again_and_a_newer_step_raises_the_watermark()
    {
        var number = NextCase();
        var newest = Order(generation: 0, index: 4);
        var before = await CreateAsync(AssignedRow(number, newest) with { State = CaseState.AwaitingRecords });
        var activity = ActivatorUtilities.CreateInstance<StartReviewActivity>(harness.Services);
        var due = new CaseDeadlines { DeterminationDue = Anchor.AddDays(35) };

        // The same step as the row's watermark: a retry of the step that wrote it, so it applies (idempotent values).
        await activity.RunAsync(new Context(number), new StartReviewRequest(StepAt(number, "review-started", newest), Anchor.AddDays(5), due, "records complete"));
        var retried = await ReadAsync(number);
        retried.ETag.ShouldNotBe(before.ETag, "a retry of the newest step writes");
        retried.Case.State.ShouldBe(CaseState.UnderReview);
        retried.Case.Deadlines.ShouldBe(due);
        retried.Case.StepWatermark.ShouldBe(newest);

        // A newer step (a later execution of the same generation) applies and raises the watermark.
        var newer = newest with { Execution = newest.Execution.AddMinutes(3), Index = 0 };
        var escalate = ActivatorUtilities.CreateInstance<DeadlineNoticeActivity>(harness.Services);
        await escalate.RunAsync(new Context(number), new DeadlineNoticeRequest(
            StepAt(number, "determination-escalation", newer), DeadlineNoticeKind.Escalation, "reviewer:rev-b", 2, "determination-due", Anchor.AddDays(35)));
        var raised = await ReadAsync(number);
        raised.Case.EscalationLevel.ShouldBe(2);
        raised.Case.StepWatermark.ShouldBe(newer);
    }

    [Fact]
    public async Task A_row_written_before_the_watermark_accepts_any_step_and_takes_its_order()
    {
        var number = NextCase();
        await CreateAsync(AssignedRow(number, watermark: null));
        var activity = ActivatorUtilities.CreateInstance<StartReviewActivity>(harness.Services);
        var order = Order(generation: 3, index: 1);

        await activity.RunAsync(new Context(number), new StartReviewRequest(
            StepAt(number, "review-started", order), Anchor.AddDays(5), new CaseDeadlines { DeterminationDue = Anchor.AddDays(35) }, "records complete"));

        var row = await ReadAsync(number);
        row.Case.State.ShouldBe(CaseState.UnderReview);
        row.Case.StepWatermark.ShouldBe(order);
    }

    [Fact]
    public async Task A_step_without_an_order_from_an_older_build_applies_and_leaves_the_watermark_alone()
    {
        var number = NextCase();
        var watermark = Order(generation: 0, index: 4);
        await CreateAsync(AssignedRow(number, watermark));
        var escalate = ActivatorUtilities.CreateInstance<DeadlineNoticeActivity>(harness.Services);

        await escalate.RunAsync(new Context(number), new DeadlineNoticeRequest(
            StepAt(number, "records-escalation", order: null), DeadlineNoticeKind.Escalation, "claims-administrator", 1, "records-due", Anchor.AddDays(12)));

        var row = await ReadAsync(number);
        row.Case.EscalationLevel.ShouldBe(1);
        row.Case.StepWatermark.ShouldBe(watermark);
    }

    [Fact]
    public async Task A_late_step_cannot_reopen_a_closed_case_even_when_the_row_has_no_watermark()
    {
        var number = NextCase();
        var determined = await CreateAsync(AssignedRow(number, watermark: null) with { State = CaseState.Determined });
        var activity = ActivatorUtilities.CreateInstance<RecordUnassignedActivity>(harness.Services);

        await activity.RunAsync(new Context(number), new RecordUnassignedRequest(
            StepAt(number, "unassigned:1", order: null), 1, 1, false, "candidates=0", Anchor.AddDays(1)));

        var row = await ReadAsync(number);
        row.ETag.ShouldBe(determined.ETag);
        row.Case.State.ShouldBe(CaseState.Determined);
    }

    private static CaseNumber NextCase() => CaseNumber.Create(13, Interlocked.Increment(ref s_next));

    private static StepOrder Order(int generation, int index) => new(Anchor, generation, Anchor.AddHours(generation), index);

    private static CaseStep StepAt(CaseNumber number, string key, StepOrder? order) =>
        new(number, key, Anchor.AddDays(1), StatutoryPolicy.Current.Version, CaseWorkflowContract.CurrentVersion) { Order = order };

    private static Case AssignedRow(CaseNumber number, StepOrder? watermark) => new()
    {
        CaseNumber = number,
        State = CaseState.AwaitingRecords,
        ReviewerId = "rev-b",
        PreviousReviewerIds = ["rev-a"],
        AssignmentCount = 2,
        PolicyVersion = StatutoryPolicy.Current.Version,
        WorkflowVersion = CaseWorkflowContract.CurrentVersion,
        AssignedAt = Anchor,
        Deadlines = new CaseDeadlines { RecordsDue = Anchor.AddDays(12) },
        CreatedAt = Anchor,
        StepWatermark = watermark,
    };

    private async Task<VersionedCase> CreateAsync(Case row)
    {
        (await Port<ICaseIndex>().TryCreateAsync(row)).ShouldBeTrue();
        return await ReadAsync(row.CaseNumber);
    }

    private async Task<VersionedCase> ReadAsync(CaseNumber number) =>
        await Port<ICaseIndex>().GetAsync(number) ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Case {number} is missing."));

    private T Port<T>() where T : notnull => harness.Services.GetRequiredService<T>();

    private sealed class Context(CaseNumber number) : TaskActivityContext
    {
        public override TaskName Name => "LateStep";

        public override string InstanceId => CaseWorkflowContract.InstanceId(number);
    }
}
