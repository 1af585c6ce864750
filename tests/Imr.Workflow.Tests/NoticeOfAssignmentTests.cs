using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;
using Imr.Workflow.Tests.Harness;

namespace Imr.Workflow.Tests;

/// <summary>The notice of assignment and the records clock it starts, on the durable engine over Azurite.</summary>
public sealed class NoticeOfAssignmentTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task Section_9792_10_4_b_the_ADs_finding_brings_the_four_notices_within_one_business_day()
    {
        await AddReviewerAsync("a");
        var json = CaseFileJson(root => root["parties"]!["employeeAttorney"] = new JsonObject { ["id"] = "SBN-1", ["name"] = "Attorney (test)" });
        await StartAsync(await StoredCaseAsync(json, Calm) with { ElectronicNotice = false });
        await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        var notices = Harness.Notifications.For(CaseNumber).Where(n => n.Kind == "NoticeOfAssignment").ToList();
        // The employer, the employee, the employee's attorney and the requesting physician; the ids tell them apart.
        notices.Select(n => n.Recipient).ShouldBe(["FEIN-1", "EE-1", "SBN-1", "NPI-1"], ignoreOrder: true);
        notices.Select(n => n.Id).ShouldBeUnique();
        var row = await CaseRowAsync();
        var sentAt = row.NoticeSentAt.ShouldNotBeNull();
        row.NoticeServedBy.ShouldBe(ServiceMethod.Mail);
        notices.ShouldAllBe(n => n.At == sentAt && n.Detail!.Contains("servedBy=Mail"));
        // The finding was received today: the notice is due at the end of the next business day, and went out before it.
        sentAt.ShouldBeLessThanOrEqualTo(StatutoryClock.Current.NoticeOfAssignmentDue(Today));
        (await WaitForAuditAsync("NoticeOfAssignment")).Detail.ShouldContain("late=False");
        // It does not wait for a reviewer; the claims administrator is asked for the records with it.
        sentAt.ShouldBeLessThanOrEqualTo(row.AssignedAt.ShouldNotBeNull());
        Harness.Notifications.For(CaseNumber).Single(n => n.Kind == "RecordsRequest").At.ShouldBe(sentAt);
    }

    [Fact]
    public async Task Section_9792_10_5_a_1_the_records_clock_runs_from_the_notice_while_no_reviewer_is_found()
    {
        // One statutory day a second, and no eligible reviewer (every other test's reviewers are paused).
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm with { SecondsPerStatutoryDay = 1 }));
        var unassigned = await WaitForStatusAsync(s => s.State == CaseState.Unassigned);

        var row = await CaseRowAsync();
        var sentAt = row.NoticeSentAt.ShouldNotBeNull();
        var recordsDue = StatutoryClock.Current.RecordsDue(Priority.Standard, sentAt, noticeWasElectronic: true);
        unassigned.Deadlines.RecordsDue.ShouldBe(recordsDue, "the claims administrator's deadline runs while nobody is assigned");
        row.Deadlines.RecordsDue.ShouldBe(recordsDue);
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "RecordsRequest" && n.Recipient == "CA-1");

        // Days pass with the case unassigned; the reviewer found then does not move the records deadline.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await AddReviewerAsync("b");
        await RaiseAsync(CaseWorkflowContract.RetryAssignmentEvent);
        var assigned = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);

        var assignedAt = (await CaseRowAsync()).AssignedAt.ShouldNotBeNull();
        (assignedAt - sentAt).TotalDays.ShouldBeGreaterThan(3);
        assigned.Deadlines.RecordsDue.ShouldBe(recordsDue);
    }

    [Fact]
    public async Task Section_9792_10_5_a_1_the_records_reminder_and_escalation_go_out_and_are_audited_while_no_reviewer_is_found()
    {
        // A tenth of a second a statutory day: the records reminder, escalation and due date pass within about 1.2 s, long
        // before the next assignment attempt (20 days); no eligible reviewer (every other test's reviewers are paused).
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Fast));
        await WaitForStatusAsync(s => s.State == CaseState.Unassigned);

        var escalated = await WaitForAuditAsync("Reminded");
        escalated.Detail.ShouldStartWith("to=CA-1; records-due due ");
        for (var i = 0; i < 100 && !(await AuditAsync()).Any(a => a.Action == "Escalated" && a.Detail!.Contains("records-due", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        var audit = await AuditAsync();
        audit.Single(a => a.Action == "Escalated" && a.Detail!.Contains("records-due", StringComparison.Ordinal)).Detail.ShouldStartWith("to=CA-1; records-due due ");
        Harness.Notifications.For(CaseNumber).Count(n => n.Kind == "Reminder" && n.Recipient == "CA-1").ShouldBe(2, "the reminder and the escalation, to the claims administrator");
        Harness.Notifications.For(CaseNumber).ShouldContain(n => n.Kind == "Escalation" && n.Recipient == "operations" && n.Detail!.StartsWith("records-due", StringComparison.Ordinal));
        var row = await CaseRowAsync();
        row.State.ShouldBe(CaseState.Unassigned);
        row.EscalationLevel.ShouldBe(2, "one for the failed assignment, one for the records escalation");

        // A reviewer found after the records due date: the review starts from that date, and nothing is sent twice.
        await AddReviewerAsync("b");
        await RaiseAsync(CaseWorkflowContract.RetryAssignmentEvent);
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        (await CaseRowAsync()).RecordsReceivedAt.ShouldBe(row.Deadlines.RecordsDue);
        (await AuditAsync()).Count(a => a.Action is "Reminded" or "Escalated" && a.Detail!.Contains("records-due", StringComparison.Ordinal)).ShouldBe(2);
    }
}
