using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests;

/// <summary>Consolidation of applications into one review and one determination (8 CCR § 9792.10.4(a)), on the durable engine over Azurite.</summary>
public sealed class ConsolidationTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    private const string JoinedItem = "Chiropractic manipulation 2x4 lumbar spine";

    [Fact]
    public async Task Section_9792_10_4_a_two_applications_for_the_same_employee_physician_and_date_of_injury_get_one_determination()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(SameEmployee()), Calm) with { Consolidate = true });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        // A second eligible application: same employee, requesting physician and date of injury, another disputed item.
        var second = await StartSecondAsync(SameEmployee(root => root["disputedItems"] = new JsonArray(new JsonObject { ["description"] = JoinedItem, ["quantity"] = 8, ["claimsAdministratorGuideline"] = "MTUS ACOEM Chapter 12 Low Back Complaints" })));
        var joined = await OutcomeOfAsync(second);
        joined.State.ShouldBe(CaseState.Consolidated, joined.Reason);
        joined.Reason.ShouldBe($"Consolidated into {CaseNumber}");
        var joinedRow = (await Port<ICaseIndex>().GetAsync(second))!.Case;
        joinedRow.State.ShouldBe(CaseState.Consolidated);
        joinedRow.ConsolidatedInto.ShouldBe(CaseNumber);
        // Its parties learn which case carries it; it gets no records request, reviewer or letter of its own.
        Harness.Notifications.For(second).Where(n => n.Kind == "Consolidated").Select(n => n.Recipient).ShouldBe(["FEIN-1", EmployeeId, "NPI-1", "CA-1"], ignoreOrder: true);
        Harness.Notifications.For(second).ShouldAllBe(n => n.Kind == "Consolidated" && n.Detail!.StartsWith($"consolidatedInto={CaseNumber}", StringComparison.Ordinal));
        // The claims administrator sends the records to the carrying case by its records deadline.
        var recordsDue = (await CaseRowAsync()).Deadlines.RecordsDue.ShouldNotBeNull();
        Harness.Notifications.For(second).Single(n => n.Recipient == "CA-1").Detail.ShouldBe($"consolidatedInto={CaseNumber}; recordsDue={recordsDue:O}");
        (await WaitForAuditAsync("ApplicationConsolidated")).Detail.ShouldBe($"application={second}; items=1");

        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var row = await CaseRowAsync();
        row.Items.ShouldBe([.. Items, JoinedItem]);
        row.ConsolidatedApplications.ShouldBe([second]);

        // One decision covers every item; a decision that leaves out the joined item is refused.
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        await WaitForAuditAsync("DecisionRefused");
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld), (JoinedItem, Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Determination!.Items.Select(i => i.Description).ShouldBe([.. Items, JoinedItem]);
        outcome.Determination.Items[2].AuthorizationDue.ShouldNotBeNull();
        var letter = Encoding.UTF8.GetString((await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text))!.Content.Span);
        letter.ShouldContain(Items[0]);
        letter.ShouldContain(JoinedItem);
        (await Port<IDeterminationStore>().ReadAsync(second, LetterFormat.Text)).ShouldBeNull("one determination, under the carrying case's number");
    }

    [Fact]
    public async Task Section_9792_10_4_a_another_date_of_injury_is_another_case()
    {
        await StartAsync(await StoredCaseAsync(CaseFileJson(SameEmployee()), Calm) with { Consolidate = true });
        await WaitForStatusAsync(s => s.State is CaseState.AwaitingRecords or CaseState.Unassigned);

        var second = await StartSecondAsync(SameEmployee(root => root["dates"]!["injury"] = Today.AddYears(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var row = await RowOnceNoticedAsync(second);
        row.State.ShouldNotBe(CaseState.Consolidated);
        row.ConsolidatedInto.ShouldBeNull();
        row.NoticeSentAt.ShouldNotBeNull("it is noticed as a case of its own");
        Harness.Notifications.For(second).ShouldNotContain(n => n.Kind == "Consolidated");
        (await AuditAsync()).ShouldNotContain(a => a.Action == "ApplicationConsolidated");
    }

    [Fact]
    public async Task Section_9792_10_4_a_an_application_after_the_review_started_is_a_case_of_its_own()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(SameEmployee()), Calm) with { Consolidate = true });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);

        // The carrier's clock already runs on the records it has: a later application is reviewed on its own.
        var second = await StartSecondAsync(SameEmployee(root => root["disputedItems"] = new JsonArray(new JsonObject { ["description"] = JoinedItem, ["quantity"] = 8, ["claimsAdministratorGuideline"] = "MTUS ACOEM Chapter 12 Low Back Complaints" })));
        (await RowOnceNoticedAsync(second)).State.ShouldNotBe(CaseState.Consolidated);

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).Determination!.Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Section_9792_10_4_a_a_carrier_withdrawn_before_its_review_hands_its_applications_on_and_the_first_runs_as_its_own_case()
    {
        await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(SameEmployee()), Calm) with { Consolidate = true });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var second = await StartSecondAsync(SameEmployee(root => root["disputedItems"] = new JsonArray(new JsonObject { ["description"] = JoinedItem, ["quantity"] = 8, ["claimsAdministratorGuideline"] = "MTUS ACOEM Chapter 12 Low Back Complaints" })));
        (await OutcomeOfAsync(second)).State.ShouldBe(CaseState.Consolidated);
        const string ThirdItem = "Acupuncture 2x3 lumbar spine";
        var third = await StartSecondAsync(SameEmployee(root => root["disputedItems"] = new JsonArray(new JsonObject { ["description"] = ThirdItem, ["quantity"] = 6, ["claimsAdministratorGuideline"] = "MTUS Acupuncture Medical Treatment Guidelines" })), offset: 600_000);
        (await OutcomeOfAsync(third)).State.ShouldBe(CaseState.Consolidated);

        // The worker withdraws the carrying application: that withdrawal covers its own items, not the joined applications.
        var settings = new CaseStartSettings { Timing = Calm, Consolidate = true };
        var repair = new CaseRepair(Client, Port<ICaseIndex>(), Port<ICaseFileStore>(), Port<IAuditTrail>(), TimeProvider.System, settings, NullLogger<CaseRepair>.Instance);
        var handover = new ConsolidationHandover(Port<IConsolidationRegister>(), Port<ICaseIndex>(), Port<ICaseFileStore>(), Port<IAuditTrail>(), TimeProvider.System, settings, repair);
        var withdrawal = new CaseWithdrawal(Client, Port<ICaseIndex>(), Port<IAuditTrail>(), TimeProvider.System, repair, handover, NullLogger<CaseWithdrawal>.Instance);
        (await withdrawal.WithdrawAsync(CaseNumber.ToString(), """{"reason":"the worker withdrew"}"""u8.ToArray())).Status.ShouldBe(OutcomeStatus.Accepted);
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Terminated);
        (await WaitForAuditAsync("ConsolidationHandedOver")).Detail.ShouldBe($"carrier={second}; applications={second},{third}");

        // The first joined application is a case of its own again, noticed on its own clock, and carries the third.
        var row = await RowOnceNoticedAsync(second);
        row.State.ShouldNotBe(CaseState.Consolidated);
        row.ConsolidatedInto.ShouldBeNull();
        row.Deadlines.RecordsDue.ShouldNotBeNull();
        var thirdRow = (await Port<ICaseIndex>().GetAsync(third))!.Case;
        thirdRow.State.ShouldBe(CaseState.Consolidated);
        thirdRow.ConsolidatedInto.ShouldBe(second);

        await Client.RaiseEventAsync(CaseWorkflowContract.InstanceId(second), CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var reviewed = await RowInAsync(second, CaseState.UnderReview);
        reviewed.Items.ShouldBe([JoinedItem, ThirdItem], "the withdrawn carrier's items are not reviewed; the third application's are");
        reviewed.ConsolidatedApplications.ShouldBe([third]);
        Harness.Notifications.For(second).Where(n => n.Kind == "NoticeOfAssignment").Select(n => n.Recipient).ShouldBe(["FEIN-1", EmployeeId, "NPI-1"], ignoreOrder: true);
        await Client.TerminateInstanceAsync(CaseWorkflowContract.InstanceId(second), "test over");
    }

    [Theory]
    [InlineData(CaseState.AwaitingRecords)]
    [InlineData(CaseState.UnderReview)]
    public async Task Section_9792_10_4_a_a_stuck_carrier_retried_from_its_row_keeps_its_joined_applications_items(CaseState stuckIn)
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(SameEmployee()), Calm) with { Consolidate = true });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var second = await StartSecondAsync(SameEmployee(root => root["disputedItems"] = new JsonArray(new JsonObject { ["description"] = JoinedItem, ["quantity"] = 8, ["claimsAdministratorGuideline"] = "MTUS ACOEM Chapter 12 Low Back Complaints" })));
        (await OutcomeOfAsync(second)).State.ShouldBe(CaseState.Consolidated);
        if (stuckIn == CaseState.UnderReview)
        {
            await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
            await RowInAsync(CaseNumber, CaseState.UnderReview);
        }
        else
        {
            await RowInAsync(CaseNumber, CaseState.AwaitingRecords);
        }

        // The carrier's orchestration stops (as if it had failed); staff retry it from its row.
        await Client.TerminateInstanceAsync(InstanceId, "as if it had failed");
        await Client.WaitForInstanceCompletionAsync(InstanceId);
        var settings = new CaseStartSettings { Timing = Calm, Consolidate = true };
        var repair = new CaseRepair(Client, Port<ICaseIndex>(), Port<ICaseFileStore>(), Port<IAuditTrail>(), TimeProvider.System, settings, NullLogger<CaseRepair>.Instance);
        (await repair.RetryAsync(CaseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Accepted);
        await WaitForStatusAsync(s => s.State == stuckIn);
        if (stuckIn == CaseState.AwaitingRecords)
        {
            await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        }

        (await RowInAsync(CaseNumber, CaseState.UnderReview)).Items.ShouldBe([.. Items, JoinedItem]);
        await RaiseAsync(CaseWorkflowContract.ConflictStatementEvent, new ConflictStatement(reviewer.Id, NoConflict: true, Reason: null, DateTimeOffset.UtcNow));
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld), (JoinedItem, Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Determined, outcome.Reason);
        outcome.Determination!.Items.Select(i => i.Description).ShouldBe([.. Items, JoinedItem]);
        var letter = Encoding.UTF8.GetString((await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text))!.Content.Span);
        letter.ShouldContain(JoinedItem);
    }

    // An employee id of this test's own, so no other test's case carries its applications.
    private string EmployeeId => $"EE-{Prefix}";

    private Action<JsonObject> SameEmployee(Action<JsonObject>? more = null) => root =>
    {
        root["parties"]!["employee"]!["id"] = EmployeeId;
        more?.Invoke(root);
    };

    private async Task<CaseNumber> StartSecondAsync(Action<JsonObject> edit, int offset = 500_000)
    {
        var second = CaseNumber.Create(26, CaseNumber.Sequence + offset);
        var json = CaseFileJson(root =>
        {
            root["caseNumber"] = second.ToString();
            edit(root);
        });
        var bytes = Encoding.UTF8.GetBytes(json);
        var blob = await Port<ICaseFileStore>().StoreCaseFileAsync(second, bytes);
        await StartAsync(new CaseWorkflowInput
        {
            CaseNumber = second,
            Source = "http",
            CaseFilePath = blob.Path,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ReceivedAt = DateTimeOffset.UtcNow,
            Timing = Calm,
            Consolidate = true,
        });
        return second;
    }

    private async Task<CaseOutcome> OutcomeOfAsync(CaseNumber caseNumber)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = await Client.WaitForInstanceCompletionAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: true, timeout.Token);
        state.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString());
        return state.ReadOutputAs<CaseOutcome>()!;
    }

    private async Task<Imr.Domain.Cases.Case> RowInAsync(CaseNumber caseNumber, CaseState state)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await Port<ICaseIndex>().GetAsync(caseNumber))?.Case is { } row && row.State == state)
            {
                return row;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Case {caseNumber} never reached {state}.");
    }

    // The row once the application's notice of assignment went out: past the point where it would have been consolidated.
    private async Task<Imr.Domain.Cases.Case> RowOnceNoticedAsync(CaseNumber caseNumber)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await Port<ICaseIndex>().GetAsync(caseNumber))?.Case is { } row && (row.NoticeSentAt is not null || row.State == CaseState.Consolidated))
            {
                return row;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Case {caseNumber} never got its notice of assignment.");
    }
}
