using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Reviewers;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Activities;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// What one case costs in storage operations, step by step: the documented seed case from submission through the decision
/// to the letter, among as many reviewers as the end-to-end benchmark registers. Each step has a budget, so a change that
/// adds reads or writes to a step fails here (docs/storage.md, "Operations per case", has the measured table).
/// Requests are charged by flow (see <see cref="StepMeter"/>), so other cases running meanwhile do not count.
/// </summary>
[Collection(StorageCostCollection.Name)]
public sealed class CaseStorageCostTests(StorageCostHarness harness, ITestOutputHelper output)
{
    /// <summary>As many reviewers as the end-to-end benchmark registers, all certified in the specialty the seed case needs.</summary>
    private const int Reviewers = 20;

    private const string Submission = "Submission (CaseSubmission)";
    private const string RecordsComplete = "Records complete (RecordIntake)";
    private const string DecisionSubmitted = "Decision (DecisionSubmission)";
    private const string NoConflictStated = "Conflict statement (ConflictStatementSubmission)";

    /// <summary>
    /// The most each step may send: table, blob and queue requests. Application calls are charged as such; activities by name.
    /// Every step a seed case takes is listed, so a new step that touches storage fails until it is budgeted. The deadline
    /// index writes one transaction per month partition, and a case's deadlines fall in one month or straddle two (three
    /// at the start of the review), depending on the day the test runs; the budgets allow the straddle, the comments give
    /// what a case whose deadlines share a month measures.
    /// </summary>
    private static readonly Dictionary<string, (int Table, int Blob, int Queue)> Budget = new(StringComparer.Ordinal)
    {
        [Submission] = (4, 1, 0),
        [nameof(AcceptCaseActivity)] = (2, 0, 0), // the case file from the submission's copy (one process, as here)
        // 2 in one month: the case row with the records deadlines and its audit entry in one transaction, the deadlines' index
        // entries; one queue message carries the notice to the employer, the employee and the requesting physician
        // (8 CCR § 9792.10.4(b)) and the records request, each addressed on its own.
        [nameof(NoticeOfAssignmentActivity)] = (3, 0, 1),
        [nameof(FindReviewerActivity)] = (3, 0, 0),
        // The load transaction from the profile the search read, the case row (as the notice wrote it) with the credential's
        // hash and the audit entry; the deadlines are those the notice indexed, so the index is not written again.
        [nameof(RecordAssignmentActivity)] = (2, 0, 1),
        [NoConflictStated] = (1, 0, 0), // the case row (with the credential's hash)
        [nameof(ConflictStatementActivity)] = (2, 0, 0), // the case row read, then written with its audit entry (LC § 139.5)
        [RecordsComplete] = (1, 0, 0),
        [nameof(StartReviewActivity)] = (4, 0, 1), // 2 in one month; the queue message tells the reviewer the review started
        [DecisionSubmitted] = (2, 0, 0), // the case row (with the credential's hash) and the decision's claim
        // 4 in one month: the profile (the letter's credentials), the case row with its audit entry, the deadline deletes, the
        // release from the rows as the assignment left them; one queue message serves the determination on the AD, the
        // employee, the employer, the claims administrator and the requesting physician, a notice each (LC § 4610.6(h)).
        [nameof(IssueDeterminationActivity)] = (5, 2, 1),
    };

    /// <summary>
    /// The most the whole case may send: 32 when its deadlines share a month, and up to four index transactions more when they
    /// straddle two (one at the notice, two at the start of the review, one at the letter).
    /// </summary>
    private const int CaseBudget = 36;

    [Fact]
    public async Task One_seed_case_from_submission_to_letter_stays_within_each_steps_storage_budget()
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var seed = await File.ReadAllBytesAsync(Path.Combine(root, "docs", "examples", "seed-case.json"));
        var caseNumber = CaseNumber.Parse((string)JsonNode.Parse(seed)!["caseNumber"]!);
        await AddReviewersAsync(Path.Combine(root, "docs", "demo", "reviewer-occupational-medicine.json"));

        var meter = harness.Meter;
        meter.Reset();
        var services = harness.Services;
        var time = TimeProvider.System;
        var submission = new CaseSubmission(
            harness.Client, Port<ICaseFileStore>(), Port<ICaseIndex>(), Port<ICaseNumberAllocator>(), Port<IIdempotencyRecords>(), Port<IAuditTrail>(), time, new CaseStartSettings(), NullLogger<CaseSubmission>.Instance);
        var records = new RecordIntake(harness.Client, Port<ICaseFileStore>(), Port<ICaseIndex>(), time, NullLogger<RecordIntake>.Instance);
        var decisions = new DecisionSubmission(harness.Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), Port<IAuditTrail>(), time, NullLogger<DecisionSubmission>.Instance);
        var statements = new ConflictStatementSubmission(harness.Client, Port<ICaseIndex>(), Port<IIdempotencyRecords>(), time, NullLogger<ConflictStatementSubmission>.Instance);

        using (meter.Measure(Submission))
        {
            (await submission.SubmitAsync(seed, idempotencyKey: null)).Status.ShouldBe(OutcomeStatus.Accepted);
        }

        var instance = CaseWorkflowContract.InstanceId(caseNumber);
        await meter.WaitForAsync(nameof(RecordAssignmentActivity), instance);
        var notice = harness.Notifications.For(caseNumber).Single(n => n.Kind == NotificationKinds.AssignmentNotice);
        var reviewerId = notice.Recipient["reviewer:".Length..];
        using (meter.Measure(NoConflictStated))
        {
            (await statements.SubmitAsync(caseNumber.ToString(), """{"noConflict":true}"""u8.ToArray(), notice.AssignmentToken)).Status.ShouldBe(OutcomeStatus.Accepted);
        }

        await meter.WaitForAsync(nameof(ConflictStatementActivity), instance);
        using (meter.Measure(RecordsComplete))
        {
            (await records.CompleteAsync(caseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Accepted);
        }

        await meter.WaitForAsync(nameof(StartReviewActivity), instance);
        using (meter.Measure(DecisionSubmitted))
        {
            (await decisions.SubmitAsync(caseNumber.ToString(), DecisionBody(reviewerId), notice.AssignmentToken)).Status.ShouldBe(OutcomeStatus.Accepted);
        }

        await meter.WaitForAsync(nameof(IssueDeterminationActivity), instance);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var done = await harness.Client.WaitForInstanceCompletionAsync(instance, timeout.Token);
            done.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        }

        // This case's steps: its activities, and the calls this test made for it.
        var unscoped = meter.Unscoped;
        var charged = meter.Ended.Where(c => c.InstanceId == instance || (c.InstanceId is null && Budget.ContainsKey(c.Step))).ToList();
        var steps = charged
            .GroupBy(c => c.Step, StringComparer.Ordinal)
            .Select(g => (Step: g.Key, Runs: g.Count(), Counts: g.Aggregate(OperationCounts.None, (sum, c) => sum.Plus(c.Counts))))
            .ToList();
        var total = charged.Aggregate(OperationCounts.None, (sum, c) => sum.Plus(c.Counts));
        var report = Report(steps, total);
        output.WriteLine(report);
        foreach (var charge in charged)
        {
            output.WriteLine(charge.Step);
            foreach (var line in charge.Requests)
            {
                output.WriteLine("    " + line);
            }
        }

        // Every request was sent inside some step, and the case did what a case does.
        unscoped.ShouldBe(0, report);
        (await Port<ICaseIndex>().GetAsync(caseNumber))!.Case.State.ShouldBe(CaseState.Determined);
        (await Port<TableReviewerRegistry>().ListAssignmentsAsync(reviewerId)).Where(a => a.CaseNumber == caseNumber).ShouldBe([(caseNumber, 1, true)], "assigned once, released");
        (await Port<IDeterminationStore>().ReadAsync(caseNumber, LetterFormat.Pdf)).ShouldNotBeNull();

        // One message a step, and every recipient still addressed in it.
        var messages = harness.Notifications.MessagesFor(caseNumber);
        messages.Select(m => m.Id).ShouldBeUnique();
        messages.Single(m => m.Notices.Any(n => n.Kind == NotificationKinds.RecordsRequest)).Notices
            .Select(n => n.Role ?? n.Kind).ShouldBe(["employer", "employee", "requestingPhysician", NotificationKinds.RecordsRequest], ignoreOrder: true);
        messages.Single(m => m.Notices.Any(n => n.Kind == NotificationKinds.Determination)).Notices
            .Select(n => n.Role).ShouldBe(["administrativeDirector", "employee", "employer", "claimsAdministrator", "requestingPhysician"], ignoreOrder: true);

        total.Total.ShouldBeLessThanOrEqualTo(CaseBudget, $"the case's storage operations over budget\n{report}");
        steps.Where(s => s.Counts.Total > 0).Select(s => s.Step).ShouldBeSubsetOf(Budget.Keys, "a step that touches storage has no budget:\n" + report);
        foreach (var (step, runs, counts) in steps)
        {
            runs.ShouldBe(1, $"{step} ran more than once (a retry would be charged to the same step):\n{report}");
            var budget = Budget[step];
            counts.For(StorageService.Table).ShouldBeLessThanOrEqualTo(budget.Table, $"{step}: table operations over budget\n{report}");
            counts.For(StorageService.Blob).ShouldBeLessThanOrEqualTo(budget.Blob, $"{step}: blob operations over budget\n{report}");
            counts.For(StorageService.Queue).ShouldBeLessThanOrEqualTo(budget.Queue, $"{step}: queue operations over budget\n{report}");
        }

        T Port<T>() where T : notnull => services.GetRequiredService<T>();
    }

    private async Task AddReviewersAsync(string profilePath)
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(profilePath))!;
        var registry = harness.Services.GetRequiredService<IReviewerRegistry>();
        var registration = new ReviewerRegistration(
            registry, harness.Services.GetRequiredService<ICaseIndex>(), harness.Services.GetRequiredService<ICaseFileStore>(), TimeProvider.System, NullLogger<ReviewerRegistration>.Instance);
        for (var i = 0; i < Reviewers; i++)
        {
            template["id"] = string.Create(CultureInfo.InvariantCulture, $"rev-cost-{i:00}");
            var outcome = await registration.CreateAsync(Encoding.UTF8.GetBytes(template.ToJsonString()));
            outcome.Status.ShouldBe(OutcomeStatus.Created, string.Join("; ", outcome.Problems));
        }
    }

    private static byte[] DecisionBody(string reviewerId) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["reviewerId"] = reviewerId,
        ["items"] = new JsonArray(new JsonObject
        {
            ["description"] = "Technician bone scan total spine",
            ["decision"] = "Upheld",
            ["guideline"] = "MTUS ACOEM Chapter 8 Neck and Upper Back Complaints",
            ["rationale"] = "The guideline does not recommend this without red-flag findings, and none are documented.",
        }),
    }.ToJsonString());

    private static string Report(IEnumerable<(string Step, int Runs, OperationCounts Counts)> steps, OperationCounts total)
    {
        var text = new StringBuilder();
        text.AppendLine("| Step | Table | Blob | Queue | Total |");
        text.AppendLine("|---|---|---|---|---:|");
        foreach (var (step, _, counts) in steps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {counts.Describe(StorageService.Table)} | {counts.Describe(StorageService.Blob)} | {counts.Describe(StorageService.Queue)} | {counts.Total} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **Case** | {total.For(StorageService.Table)} ({total.Describe(StorageService.Table)}) | {total.For(StorageService.Blob)} ({total.Describe(StorageService.Blob)}) | {total.For(StorageService.Queue)} ({total.Describe(StorageService.Queue)}) | {total.Total} |");
        return text.ToString();
    }
}
