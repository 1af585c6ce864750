using System.Globalization;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>The reviewer's request for information needed for the review, on the durable engine over Azurite.</summary>
public sealed class InformationRequestTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task Section_9792_10_5_b_c_a_request_for_information_goes_to_every_party_with_its_due_date_and_leaves_the_determination_clock()
    {
        var reviewer = await AddReviewerAsync("a");
        var json = CaseFileJson(root => root["parties"]!["employeeAttorney"] = new JsonObject { ["id"] = "SBN-1", ["name"] = "Attorney (test)" });
        await StartAsync(await StoredCaseAsync(json, Calm) with { ElectronicNotice = false });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        var determinationDue = review.Deadlines.DeterminationDue.ShouldNotBeNull();

        var request = new InformationRequested("req-1", reviewer.Id, ["Physical therapy notes since 2026-01-01", "Lumbar MRI report"], DateTimeOffset.UtcNow);
        await RaiseAsync(CaseWorkflowContract.InformationRequestedEvent, request);
        // The same request raised again (an API retry) is handled once.
        await RaiseAsync(CaseWorkflowContract.InformationRequestedEvent, request);
        var audit = await WaitForAuditAsync("InformationRequested");
        // The activity audits first, then sends: wait for the sending to finish.
        for (var i = 0; i < 200 && Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "InformationRequest") < 5; i++)
        {
            await Task.Delay(50);
        }

        var sent = Harness.Notifications.For(CaseNumber).Where(n => n.Kind == "InformationRequest").ToList();
        // The employer, the employee, the employee's attorney, the requesting physician and the claims administrator.
        sent.Select(n => n.Recipient).ShouldBe(["FEIN-1", "EE-1", "SBN-1", "NPI-1", "CA-1"], ignoreOrder: true);
        sent.Select(n => n.Id).ShouldBeUnique();
        var at = sent[0].At;
        sent.ShouldAllBe(n => n.At == at);
        // Sent by mail (as the notice of assignment was): received 5 days after, answered within 5 business days of that.
        var due = StatutoryClock.Current.InformationResponseDue(at, ServiceMethod.Mail);
        PacificTime.DateOf(due).ShouldBe(StatutoryClock.Current.Policy.Calendar.AddBusinessDays(PacificTime.DateOf(at).AddDays(5), 5));
        sent.ShouldAllBe(n => n.Detail!.Contains("servedBy=Mail") && n.Detail.Contains(due.ToString("O", CultureInfo.InvariantCulture))
            && n.Detail.Contains("Physical therapy notes since 2026-01-01 | Lumbar MRI report"));
        audit.Actor.ShouldBe($"reviewer:{reviewer.Id}");
        audit.Detail.ShouldContain("items=2");
        audit.Detail.Contains("Physical therapy", StringComparison.Ordinal).ShouldBeFalse("the audit row names no clinical item");

        // The text gives no extension: the determination deadline stays where it was.
        (await WaitForStatusAsync(s => s.State == CaseState.UnderReview)).Deadlines.DeterminationDue.ShouldBe(determinationDue);
        (await CaseRowAsync()).Deadlines.DeterminationDue.ShouldBe(determinationDue);

        // The answer arrives as a record, on the record path; then the decision.
        await RaiseAsync(CaseWorkflowContract.RecordArrivedEvent, Record("pt-notes.pdf", new string('b', 64)));
        await WaitForAuditAsync("RecordArrived");
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "InformationRequest").ShouldBe(5, "the repeated request sent nothing twice");
        (await AuditAsync()).Count(a => a.Action == "InformationRequested").ShouldBe(1);
    }

    [Fact]
    public async Task Section_9792_10_5_b_c_a_request_from_a_reviewer_not_assigned_is_refused_and_sends_nothing()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);

        await RaiseAsync(CaseWorkflowContract.InformationRequestedEvent, new InformationRequested("req-x", "someone-else", ["Anything"], DateTimeOffset.UtcNow));
        (await WaitForAuditAsync("InformationRequestRefused")).Actor.ShouldBe("reviewer:someone-else");
        Harness.Notifications.For(CaseNumber).ShouldNotContain(n => n.Kind == "InformationRequest");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    [Fact]
    public async Task Section_9792_10_5_b_c_a_request_that_comes_before_the_review_is_kept_for_it_not_dropped()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        // Raised directly (the API answers 409 here): the event is set aside, not lost, and handled once the review starts.
        await RaiseAsync(CaseWorkflowContract.InformationRequestedEvent, new InformationRequested("req-early", reviewer.Id, ["Lumbar MRI report"], DateTimeOffset.UtcNow));
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await AuditAsync()).ShouldNotContain(a => a.Action == "InformationRequested");
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        (await WaitForAuditAsync("InformationRequested")).Detail.ShouldContain("requestId=req-early");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }
}
