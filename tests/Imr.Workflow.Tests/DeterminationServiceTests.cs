using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>The Final Determination served on the AD and each party, and the clocks its mailing starts, on the durable engine over Azurite.</summary>
public sealed class DeterminationServiceTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task Section_LC_4610_6_h_the_determination_is_served_on_each_party_with_its_mailing_date_and_the_appeal_deadline_on_the_case()
    {
        var reviewer = await AddReviewerAsync("a");
        var json = CaseFileJson(root => root["parties"]!["employeeAttorney"] = new JsonObject { ["id"] = "SBN-1", ["name"] = "Attorney (test)" });
        await StartAsync(await StoredCaseAsync(json, Calm) with { ElectronicNotice = false });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        var outcome = await WaitForOutcomeAsync();
        outcome.State.ShouldBe(CaseState.Determined);

        // One message each to the AD, the employee, the employee's attorney, the employer, the claims administrator and the
        // requesting physician, each pointing at the letter and carrying the cover notice.
        var served = Harness.Notifications.For(CaseNumber).Where(n => n.Kind == "Determination").ToList();
        served.Select(n => n.Recipient).ShouldBe([DeterminationService.AdministrativeDirector, "EE-1", "SBN-1", "FEIN-1", "CA-1", "NPI-1"], ignoreOrder: true);
        served.Select(n => n.Id).ShouldBeUnique();
        served.ShouldAllBe(n => n.Reference == outcome.LetterPdfPath);
        var mailedOn = PacificTime.DateOf(served[0].At);
        served.ShouldAllBe(n => n.At == served[0].At);

        // The case row records the service and the clocks it starts; GET /cases/{n} shows the same summary.
        var row = (await CaseRowAsync()).Determination.ShouldNotBeNull();
        row.MailedOn.ShouldBe(mailedOn);
        row.MailedOn.ShouldBe(row.DecisionDate);
        row.ServedBy.ShouldBe(ServiceMethod.Mail);
        row.ServedTo.ShouldBe(["administrativeDirector", "employee", "employeeAttorney", "employer", "claimsAdministrator", "requestingPhysician"]);
        row.ReceivedOn.ShouldBe(mailedOn.AddDays(5), "a mailed determination is taken as received five days after its mailing");
        var appealDue = StatutoryClock.Current.AppealLastDay(mailedOn, ServiceMethod.Mail);
        row.AppealDue.ShouldBe(appealDue);
        (appealDue.DayNumber - mailedOn.DayNumber).ShouldBeGreaterThanOrEqualTo(35, "30 days of the mailing, plus 5 for mail");
        served.ShouldAllBe(n => n.Detail!.Contains($"mailed {mailedOn:yyyy-MM-dd}") && n.Detail.Contains($"the last day is {appealDue:yyyy-MM-dd}") && n.Detail.Contains("binds the parties"));
        served.ShouldAllBe(n => !n.Detail!.Contains("Attorney (test)") && !n.Detail.Contains(Items[1]));

        // The overturned item is authorized within 5 working days of receipt, not of the decision (8 CCR § 9792.10.7(a)(2)).
        row.Items[0].AuthorizationDue.ShouldBeNull();
        row.Items[1].AuthorizationDue.ShouldBe(StatutoryClock.Current.AuthorizationDueDate(mailedOn.AddDays(5)));
        row.Items[1].AuthorizationDue.ShouldNotBe(StatutoryClock.Current.AuthorizationDueDate(row.DecisionDate));
        outcome.Determination.ShouldBe(row with { Items = outcome.Determination!.Items, ServedTo = outcome.Determination.ServedTo, ReviewerSpecialties = outcome.Determination.ReviewerSpecialties });
        (await WaitForAuditAsync("Determined")).Detail.ShouldContain($"appealDue={appealDue:yyyy-MM-dd}");
    }

    [Fact]
    public async Task Section_9792_10_7_a_an_electronically_served_determination_is_received_the_day_it_is_sent()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm) with { ElectronicNotice = true });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);

        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Overturned), (Items[1], Decision.Overturned)));
        await WaitForOutcomeAsync();

        // Not represented: no attorney among the addressees.
        Harness.Notifications.For(CaseNumber).Where(n => n.Kind == "Determination").Select(n => n.Recipient)
            .ShouldBe([DeterminationService.AdministrativeDirector, "EE-1", "FEIN-1", "CA-1", "NPI-1"], ignoreOrder: true);
        var row = (await CaseRowAsync()).Determination.ShouldNotBeNull();
        var mailedOn = row.MailedOn.ShouldNotBeNull();
        row.ServedBy.ShouldBe(ServiceMethod.Electronic);
        row.ReceivedOn.ShouldBe(mailedOn);
        row.AppealDue.ShouldBe(StatutoryClock.Current.AppealLastDay(mailedOn, ServiceMethod.Electronic), "e-mail service extends the appeal as mail does (8 CCR § 10605(a)(1))");
        row.Items.ShouldAllBe(i => i.AuthorizationDue == StatutoryClock.Current.AuthorizationDueDate(mailedOn));
    }
}
