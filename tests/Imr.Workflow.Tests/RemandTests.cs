using System.Text;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests;

/// <summary>
/// A determination the WCAB reversed comes back for review by a different reviewer (LC § 4610.6(i)), on the durable
/// engine over Azurite: the same case number, a new run of its orchestration, a second letter beside the first.
/// </summary>
public sealed class RemandTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    // The intake judges the order's date on the case's clock, compressed here as on the host that runs it.
    private RemandIntake Intake() =>
        new(Client, Port<ICaseIndex>(), TimeProvider.System, new CaseStartSettings { Timing = Calm }, NullLogger<RemandIntake>.Instance);

    private static ReadOnlyMemory<byte> Order(DateOnly? date, string? reference = "ADJ9876543") =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["orderDate"] = date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["orderReference"] = reference,
        }));

    [Fact]
    public async Task Section_4610_6_i_a_reversed_determination_is_reviewed_again_by_a_different_reviewer_and_the_first_letter_stays()
    {
        await AddReviewerAsync("a");
        await AddReviewerAsync("b");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        var first = (await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords)).ReviewerId!;
        await RaiseOnlyAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(first, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
        var letters = Port<IDeterminationStore>();
        var firstText = (await letters.ReadAsync(CaseNumber, LetterFormat.Text)).ShouldNotBeNull();
        var firstPdf = (await letters.ReadAsync(CaseNumber, LetterFormat.Pdf)).ShouldNotBeNull();
        var mailedOn = (await CaseRowAsync()).Determination!.MailedOn!.Value;
        (await LoadOfAsync(first)).ShouldBe(0, "the first reviewer is free again: only the exclusion keeps the case from them");

        // Each field is checked and named; an order dated before the mailing of the determination it reverses is refused.
        var early = await Intake().RemandAsync(CaseNumber.ToString(), Order(mailedOn.AddDays(-1)));
        early.Status.ShouldBe(OutcomeStatus.BadRequest);
        early.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.orderDate");
        var future = await Intake().RemandAsync(CaseNumber.ToString(), Order(mailedOn.AddDays(400)));
        future.Problems.ShouldHaveSingleItem().Reason.ShouldContain("in the future");
        var missing = await Intake().RemandAsync(CaseNumber.ToString(), Order(null, reference: null));
        missing.Problems.Select(p => p.Path).ShouldBe(["$.orderDate", "$.orderReference"]);
        (await CaseRowAsync()).State.ShouldBe(CaseState.Determined);

        var accepted = await Intake().RemandAsync(CaseNumber.ToString(), Order(mailedOn));
        accepted.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", accepted.Problems));
        accepted.Value!.Generation.ShouldBe(2);
        accepted.Value.CaseNumber.ShouldBe(CaseNumber.ToString());

        // Same case number; a different reviewer, never the one whose determination was reversed; the records are in, so
        // the review goes on at once, under 30 days from the remand's receipt (LC § 4610.6(d)).
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview && s.ReviewerId is not null);
        var second = review.ReviewerId!;
        second.ShouldNotBe(first);
        var row = await CaseRowAsync();
        row.ReviewerId.ShouldBe(second);
        row.Determination.ShouldBeNull("the new review has not been determined yet");
        var remand = row.Remands.ShouldHaveSingleItem();
        remand.Generation.ShouldBe(2);
        remand.SetAsideReviewerId.ShouldBe(first);
        remand.SetAside.ShouldNotBeNull().MailedOn.ShouldBe(mailedOn);
        remand.OrderReference.ShouldBe("ADJ9876543");
        row.PreviousReviewerIds.ShouldContain(first);
        row.Deadlines.DeterminationDue.ShouldBe(StatutoryClock.Current.RemandedReview(Priority.Standard, remand.ReceivedAt).DeterminationDue);
        review.Deadlines.DeterminationDue.ShouldBe(row.Deadlines.DeterminationDue);
        var audit = await WaitForAuditAsync("Remanded");
        audit.Actor.ShouldBe("staff");
        audit.Detail.ShouldContain("generation=2");
        audit.Detail.ShouldContain("orderReference=ADJ9876543");

        // A second remand while the first is under review is refused: the case is not Determined.
        (await Intake().RemandAsync(CaseNumber.ToString(), Order(mailedOn))).Status.ShouldBe(OutcomeStatus.Conflict);

        // The same steps as any assignment: the notice, the conflict statement, the records released on it, the decision.
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "AssignmentNotice" && n.Recipient == $"reviewer:{second}");
        await RaiseOnlyAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(second, (Items[0], Decision.Overturned), (Items[1], Decision.Upheld)));
        (await WaitForAuditAsync("DecisionRefused")).Detail.ShouldContain("conflict of interest");
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(second, (Items[0], Decision.Overturned), (Items[1], Decision.Upheld)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);
        outcome.ReviewerId.ShouldBe(second);
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "ReviewStarted" && n.Recipient == $"reviewer:{second}");

        // Two letters: the first exactly as issued, the second under its generation; the API serves the newest.
        (await letters.ReadAsync(CaseNumber, LetterFormat.Text)).ShouldNotBeNull().Content.ToArray().ShouldBe(firstText.Content.ToArray());
        (await letters.ReadAsync(CaseNumber, LetterFormat.Pdf)).ShouldNotBeNull().Content.ToArray().ShouldBe(firstPdf.Content.ToArray());
        var secondText = (await letters.ReadAsync(CaseNumber, LetterFormat.Text, generation: 2)).ShouldNotBeNull();
        secondText.Path.ShouldNotBe(firstText.Path);
        Encoding.UTF8.GetString(secondText.Content.Span).ShouldContain("Overturned", Shouldly.Case.Insensitive);
        Encoding.UTF8.GetString(firstText.Content.Span).ShouldNotContain("Overturned", Shouldly.Case.Insensitive);
        var queries = new CaseQueries(Port<ICaseIndex>(), Port<IAuditTrail>(), letters, TimeProvider.System);
        (await queries.DeterminationAsync(CaseNumber.ToString(), LetterFormat.Text)).Value!.Path.ShouldBe(secondText.Path);
        (await queries.DeterminationAsync(CaseNumber.ToString(), LetterFormat.Text, generation: "1")).Value!.Path.ShouldBe(firstText.Path);
        (await queries.DeterminationAsync(CaseNumber.ToString(), LetterFormat.Text, generation: "3")).Status.ShouldBe(OutcomeStatus.NotFound);
        (await queries.DeterminationAsync(CaseNumber.ToString(), LetterFormat.Text, generation: "x")).Problems.ShouldHaveSingleItem().Path.ShouldBe("generation");

        var final = await CaseRowAsync();
        final.State.ShouldBe(CaseState.Determined);
        final.Determination.ShouldNotBeNull().Items[0].Decision.ShouldBe(Decision.Overturned);
        final.Remands.ShouldHaveSingleItem().SetAside!.Items[0].Decision.ShouldBe(Decision.Upheld);
        (await AuditAsync()).Count(a => a.Action == "Determined").ShouldBe(2, "each determination keeps its own audit entry");
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "Determination" && n.Recipient == "EE-1").ShouldBe(2, "each determination is served");
    }

    [Fact]
    public async Task Section_4610_6_i_a_case_not_determined_cannot_be_remanded()
    {
        await AddReviewerAsync("c");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        var refused = await Intake().RemandAsync(CaseNumber.ToString(), Order(Today));
        refused.Status.ShouldBe(OutcomeStatus.Conflict);
        refused.Problems.ShouldHaveSingleItem().Reason.ShouldContain("only a Determined case can be remanded");
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.AwaitingRecords);
        row.Remands.ShouldBeEmpty();
        (await AuditAsync()).ShouldNotContain(a => a.Action == "Remanded");
        (await Intake().RemandAsync("CM26-9999999", Order(Today))).Status.ShouldBe(OutcomeStatus.NotFound);
    }
}
