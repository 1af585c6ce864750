using System.Text;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Storage;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>Whole cases, intake to outcome, on the real orchestration over real storage.</summary>
public sealed class CaseLifecycleTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_valid_case_goes_from_intake_to_an_issued_letter()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));

        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        awaiting.ReviewerId.ShouldBe(reviewer.Id);
        var row = await CaseRowAsync();
        row.AssignedAt.ShouldNotBeNull();
        row.WorkflowVersion.ShouldBe(CaseWorkflowContract.CurrentVersion);
        row.PolicyVersion.ShouldBe(StatutoryPolicy.Current.Version);
        row.StepWatermark.ShouldNotBeNull("the orchestration's steps carry an order, and the assignment raised the row's watermark");
        // Electronic notice of assignment: records due at the end of the 12th day after it (rolled to a business day).
        var recordsDue = awaiting.Deadlines.RecordsDue!.Value;
        recordsDue.ShouldBe(StatutoryClock.Current.RecordsDue(Priority.Standard, row.NoticeSentAt!.Value, noticeWasElectronic: true));
        (recordsDue - row.NoticeSentAt.Value).TotalDays.ShouldBeInRange(12, 17);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(1);

        // The reviewer states, for this case, that they have no conflict of interest (LC § 139.5).
        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, new ConflictStatement(reviewer.Id, NoConflict: true, Reason: null, DateTimeOffset.UtcNow));
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pr2.pdf", new string('a', 64)));
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        review.Deadlines.DeterminationDue.ShouldNotBeNull();

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Generations.ShouldBe(1, "a case that goes straight through runs in one generation, not one per phase");
        outcome.Determination!.Items.Select(i => i.Decision).ShouldBe([Decision.Upheld, Decision.Upheld]);
        outcome.Determination.Items.ShouldAllBe(i => i.AuthorizationDue == null);

        var text = await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text);
        var letter = Encoding.UTF8.GetString(text!.Content.Span);
        letter.ShouldContain(CaseNumber.ToString());
        letter.ShouldContain("California");
        letter.ShouldContain("Nevada");
        letter.ShouldContain("Orthopedic Surgery");
        letter.ShouldContain(Items[0]);
        letter.ShouldNotContain(reviewer.Name);
        var pdf = await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Pdf);
        Encoding.ASCII.GetString(pdf!.Content.Span[..5]).ShouldBe("%PDF-");

        var determined = await CaseRowAsync();
        determined.State.ShouldBe(CaseState.Determined);
        determined.Determination.ShouldNotBeNull();
        determined.RecordsReceivedAt.ShouldNotBeNull();
        determined.StepWatermark.ShouldNotBeNull().ShouldBeGreaterThan(row.StepWatermark!, "each later step raised the watermark");
        determined.StepWatermark.Generation.ShouldBe(0);
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);

        var actions = (await AuditAsync()).Select(a => a.Action).ToList();
        actions.ShouldBe(["CaseAccepted", "NoticeOfAssignment", "Assigned", "NoConflictStated", "RecordArrived", "ReviewStarted", "Determined"], ignoreOrder: true);
        (await AuditAsync()).ShouldAllBe(a => a.PolicyVersion == StatutoryPolicy.Current.Version && a.WorkflowVersion == CaseWorkflowContract.CurrentVersion);
        Harness.Notifications.For(CaseNumber).Select(n => n.Kind).ShouldBe(
            // The determination goes to the AD, the employee, the employer, the claims administrator and the requesting physician.
            ["NoticeOfAssignment", "NoticeOfAssignment", "NoticeOfAssignment", "RecordsRequest", "AssignmentNotice", "ReviewStarted",
                "Determination", "Determination", "Determination", "Determination", "Determination"],
            ignoreOrder: true);
        var reviewStarted = Harness.Notifications.For(CaseNumber).Single(n => n.Kind == "ReviewStarted");
        reviewStarted.Recipient.ShouldBe($"reviewer:{reviewer.Id}");
        reviewStarted.Detail.ShouldBe($"determinationDue={review.Deadlines.DeterminationDue:O}");
        Harness.Notifications.For(CaseNumber).Single(n => n.Kind == "RecordsRequest").Recipient.ShouldBe("CA-1");
    }

    [Fact]
    public async Task An_invalid_case_file_is_rejected_and_quarantined_with_its_reasons()
    {
        // Submission refuses such a file; the acceptance step judges the stored file again (a rule may have changed since).
        var json = CaseFileJson(root =>
        {
            root.Remove("disputedItems");
            root["priority"] = "Urgent";
        });
        await StartAsync(await StoredCaseAsync(json, Calm));

        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Rejected);
        outcome.Reason.ShouldNotBeNull();
        outcome.Reason.ShouldContain("$.priority");
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Rejected);
        var audit = (await AuditAsync()).ShouldHaveSingleItem();
        audit.Action.ShouldBe("CaseRejected");
        audit.Detail.ShouldContain("quarantined=quarantine/");

        var quarantine = Port<StorageClients>().Blobs.GetBlobContainerClient(StorageNames.QuarantineContainer);
        var names = new List<string>();
        await foreach (var blob in quarantine.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        names.ShouldContain(n => n.Contains(CaseNumber.ToString(), StringComparison.Ordinal) && n.EndsWith(BlobCaseFileStore.ErrorReportSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_application_filed_after_the_window_is_ineligible_with_the_reason()
    {
        await StartAsync(await StoredCaseAsync(CaseFileJson(urServedDaysAgo: 60), Calm));

        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Ineligible);
        outcome.Reason!.ShouldContain("$.dates.applicationReceived");
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Ineligible);
        row.StateReason!.ShouldContain("after the last day to file");
        (await AuditAsync()).Select(a => a.Action).ShouldBe(["CaseIneligible"]);
    }

    [Fact]
    public async Task A_case_withdrawn_during_review_ends_terminated_and_releases_the_reviewer()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);

        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.Withdrawn, "Applicant withdrew", DateTimeOffset.UtcNow));
        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Terminated);
        outcome.Reason!.ShouldStartWith("Withdrawn");
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Terminated);
        row.StateReason!.ShouldStartWith("Withdrawn");
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);
        (await AuditAsync())[^1].Action.ShouldBe("Terminated");
        (await Port<IDeterminationStore>().ReadAsync(CaseNumber, LetterFormat.Text)).ShouldBeNull();
    }

    [Fact]
    public async Task A_case_ended_while_it_is_being_accepted_ends_as_soon_as_it_can()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        // Raised at once: it arrives while the first activities run, before any wait, and must be found by the first
        // wait after assignment.
        await RaiseAsync(CaseWorkflowContract.CaseEndedEvent, new CaseEnded(CaseEndReason.TreatmentAuthorized, "authorized", DateTimeOffset.UtcNow));

        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Terminated);
        outcome.Reason!.ShouldStartWith("TreatmentAuthorized");
        (await LoadOfAsync(reviewer.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData(30)] // one generation: the decision is set aside and handed back at the phase change (CaseInbox.PutBack)
    [InlineData(1)] // a generation per wake-up: the decision crosses ContinueAsNew in the input (CaseProgress.Carried)
    public async Task A_decision_that_arrives_before_the_records_are_complete_is_kept_for_the_review(int wakeUpsPerGeneration)
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm with { WakeUpsPerGeneration = wakeUpsPerGeneration }));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Upheld)));
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var outcome = await WaitForOutcomeAsync();

        outcome.State.ShouldBe(CaseState.Determined);
        outcome.Determination!.Items[0].Decision.ShouldBe(Decision.Overturned);
        (await AuditAsync()).Select(a => a.Action).ShouldContain("ReviewStarted");
        if (wakeUpsPerGeneration == 1)
        {
            outcome.Generations.ShouldBeGreaterThan(1);

            // The watermark follows the steps across generations: the letter's step is the last generation's.
            (await CaseRowAsync()).StepWatermark!.Generation.ShouldBe(outcome.Generations - 1);
        }
        else
        {
            outcome.Generations.ShouldBe(1);
        }
    }
}
