using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>
/// A regular review converted into an expedited one mid-case (8 CCR § 9792.10.4(c)), on the durable engine over Azurite.
/// The worked dates across weekends and holidays are in Imr.Domain.Tests' ExpeditedConversionClockTests; here the case
/// must take exactly those deadlines from the clock, act on them, and tell every party once.
/// </summary>
public sealed class ExpeditedConversionTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    // Ten real seconds a statutory day: the standard records deadline (12 days) is two minutes away, the expedited one 10 s.
    private static readonly Imr.Workflow.Timing.WorkflowTiming Slow = new()
    {
        SecondsPerStatutoryDay = 10,
        AssignmentRetryDays = 20,
        ActivityRetrySeconds = 0.2,
    };

    private static CaseExpedited Certification() =>
        new("NPI-2", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), "cases/x/records/expedited-certification.json", "abc123", DateTimeOffset.UtcNow);

    [Fact]
    public async Task Section_9792_10_4_c_a_case_converted_while_awaiting_records_owes_them_within_24_hours_and_the_parties_are_told_once()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Slow));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        var regular = (await CaseRowAsync()).Deadlines;
        regular.RecordsDue.ShouldNotBeNull();

        await RaiseOnlyAsync(CaseWorkflowContract.CaseExpeditedEvent, Certification());
        var audit = await WaitForAuditAsync("ConvertedToExpedited");
        audit.Detail.ShouldContain("certifiedBy=NPI-2");
        var row = await CaseRowAsync();
        row.Priority.ShouldBe(Priority.Expedited);
        var convertedAt = row.ExpeditedAt.ShouldNotBeNull();
        var expected = StatutoryClock.Current.ConvertToExpedited(regular, convertedAt, recordsReceived: null);
        row.Deadlines.ShouldBe(expected with { PolicyVersion = row.Deadlines.PolicyVersion }, "the row does not repeat the policy version on its deadlines");
        row.Deadlines.RecordsDue.ShouldBe(convertedAt.AddHours(24), "24 hours after the conversion notice (8 CCR § 9792.10.5(a)(1))");
        var status = await WaitForStatusAsync(s => s.Deadlines.RecordsDue == expected.RecordsDue);
        status.NextPointAt.ShouldBe(expected.RecordsReminder);

        // Each party of the notice of assignment, the claims administrator and the reviewer: told once each, at the conversion.
        var told = Harness.Notifications.For(CaseNumber).Where(n => n.Kind == "ExpeditedReview").ToList();
        told.Select(n => n.Recipient).ShouldBe(["FEIN-1", "EE-1", "NPI-1", "CA-1", $"reviewer:{reviewer.Id}"], ignoreOrder: true);
        told.ShouldAllBe(n => n.At == convertedAt && n.Detail!.Contains("servedBy=Electronic"));

        // A duplicate request does nothing twice.
        await RaiseOnlyAsync(CaseWorkflowContract.CaseExpeditedEvent, Certification());

        // The new records deadline is the one acted on (the old one was two minutes away): the review starts at it, with
        // the expedited 3 days from then (LC § 4610.6(d)).
        var review = await WaitForStatusAsync(s => s.State == CaseState.UnderReview, seconds: 40);
        review.Deadlines.DeterminationDue.ShouldBe(StatutoryClock.Current.DeterminationDue(Priority.Expedited, expected.RecordsDue!.Value));
        review.Deadlines.RecordsDue.ShouldBe(expected.RecordsDue);
        (await AuditAsync()).Count(a => a.Action == "ConvertedToExpedited").ShouldBe(1);
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "ExpeditedReview").ShouldBe(5);
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Reminder" && n.Recipient == "CA-1", "the 24-hour deadline's reminder");

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    [Fact]
    public async Task Section_9792_10_4_c_a_review_under_way_becomes_due_3_days_after_the_conversion_and_its_timer_follows()
    {
        var reviewer = await AddReviewerAsync("b");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Slow));
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, new ConflictStatement(reviewer.Id, NoConflict: true, Reason: null, DateTimeOffset.UtcNow));
        await WaitForAuditAsync("NoConflictStated");
        await RaiseOnlyAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        var regular = await WaitForStatusAsync(s => s.State == CaseState.UnderReview && s.NextPoint == "determination-reminder");
        var received = (await CaseRowAsync()).RecordsReceivedAt.ShouldNotBeNull();
        regular.Deadlines.DeterminationDue.ShouldBe(StatutoryClock.Current.DeterminationDue(Priority.Standard, received));

        await RaiseOnlyAsync(CaseWorkflowContract.CaseExpeditedEvent, Certification());
        await WaitForAuditAsync("ConvertedToExpedited");
        var row = await CaseRowAsync();
        var convertedAt = row.ExpeditedAt.ShouldNotBeNull();
        var expected = StatutoryClock.Current.ConvertToExpedited(regular.Deadlines, convertedAt, received);
        expected.DeterminationDue.ShouldBe(PacificTime.EndOfDay(PacificTime.DateOf(convertedAt).AddDays(3)));
        row.Deadlines.ShouldBe(expected with { PolicyVersion = row.Deadlines.PolicyVersion }, "the row does not repeat the policy version on its deadlines");
        var status = await WaitForStatusAsync(s => s.Deadlines.DeterminationDue == expected.DeterminationDue);
        status.NextPoint.ShouldBe("determination-reminder");
        status.NextPointAt.ShouldBe(expected.DeterminationReminder);

        // The kept timer for the old reminder (fifteen statutory days, 150 s away) is replaced: the new reminder comes in
        // under two statutory days.
        var reminder = await WaitForNotificationAsync(n => n.Kind == "Reminder" && n.Recipient == $"reviewer:{reviewer.Id}", seconds: 40);
        reminder.Detail.ShouldNotBeNull().ShouldContain("determination-due");
        // Stamped when the timer wakes the case: at the point, give or take the engine's latency (a second of real time).
        reminder.At.ShouldBeInRange(expected.DeterminationReminder!.Value, expected.DeterminationReminder.Value.AddHours(3));

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Upheld)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
    }

    private async Task<SentNotice> WaitForNotificationAsync(Func<SentNotice, bool> match, double seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Harness.Notifications.For(CaseNumber).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"No matching notification within {seconds} s.");
    }
}
