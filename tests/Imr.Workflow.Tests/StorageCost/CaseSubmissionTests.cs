using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Activities;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// Submission answers: a new case once, the same case again for the same file or request id, a conflict for another file
/// under a taken number or a reused request id, and a replay for a file accepted earlier that would not validate now.
/// Also what a new case costs in storage requests, so the lookups stay few.
/// </summary>
[Collection(StorageCostCollection.Name)]
public sealed class CaseSubmissionTests(StorageCostHarness harness) : IAsyncLifetime
{
    private static int s_next = 910_000;
    private readonly List<string> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Ends the cases these tests started, so none is still being assigned while another test measures.</summary>
    public async Task DisposeAsync()
    {
        foreach (var instanceId in _started)
        {
            if (await harness.Client.GetInstanceAsync(instanceId) is { IsCompleted: false })
            {
                await harness.Client.TerminateInstanceAsync(instanceId, "test finished");
            }
        }
    }

    [Fact]
    public async Task A_new_case_with_its_own_number_is_created_once_with_one_read_and_a_replay_answers_the_same_case()
    {
        var (number, json) = SeedWithNewNumber();
        Outcome<SubmittedCase> first;
        var scope = harness.Meter.Measure("new case " + number);
        using (scope)
        {
            first = await SubmitAsync(json, idempotencyKey: null);
        }

        var spent = harness.Meter.Ended.Single(c => c.Step == "new case " + number).Counts;
        first.Status.ShouldBe(OutcomeStatus.Accepted);
        first.Value!.CaseNumber.ShouldBe(number.ToString());
        first.Value.Replayed.ShouldBeFalse();
        spent.For(StorageService.Table, "GET").ShouldBe(1, "only the case number is looked up; the content claim answers a replay");
        spent.For(StorageService.Table, "POST").ShouldBe(3, "the content claim, the case row and the audit entry");
        spent.For(StorageService.Blob, "PUT").ShouldBe(1);
        (await Port<ICaseIndex>().GetAsync(number))!.Case.ContentHash.ShouldBe(ApplicationJson.Sha256(json));

        var again = await SubmitAsync(json, idempotencyKey: null);

        again.Status.ShouldBe(OutcomeStatus.Accepted);
        again.Value!.CaseNumber.ShouldBe(number.ToString());
        again.Value.Replayed.ShouldBeTrue();
        (await Port<IAuditTrail>().ReadAsync(number)).Count(a => a.Action == "CaseSubmitted").ShouldBe(1);
    }

    [Fact]
    public async Task Another_file_under_a_taken_number_or_a_reused_request_id_is_a_conflict_and_writes_nothing()
    {
        var (number, json) = SeedWithNewNumber();
        (await SubmitAsync(json, "request-1-" + number)).Status.ShouldBe(OutcomeStatus.Accepted);
        var other = Edit(json, root => root["clinicalSummary"] = "A different summary.");

        var taken = await SubmitAsync(other, idempotencyKey: null);
        var reused = await SubmitAsync(SeedWithNewNumber().Json, "request-1-" + number);
        var replayed = await SubmitAsync(json, "request-1-" + number);

        taken.Status.ShouldBe(OutcomeStatus.Conflict);
        taken.Problems.Single().Path.ShouldBe("$.caseNumber");
        reused.Status.ShouldBe(OutcomeStatus.Conflict);
        reused.Problems.Single().Path.ShouldBe("Idempotency-Key");
        replayed.Status.ShouldBe(OutcomeStatus.Accepted);
        replayed.Value!.Replayed.ShouldBeTrue();
        (await Port<IIdempotencyRecords>().GetAsync("content:" + ApplicationJson.Sha256(other))).ShouldBeNull("a refused file claims nothing");
        (await Port<ICaseIndex>().GetAsync(number))!.Case.ContentHash.ShouldBe(ApplicationJson.Sha256(json));
    }

    [Fact]
    public async Task A_file_accepted_earlier_is_replayed_even_if_it_would_not_validate_now()
    {
        // As if accepted under an earlier rule: its content claim and case row exist, but the file is invalid today.
        var number = NextNumber();
        var invalid = Edit(SeedWithNewNumber().Json, root =>
        {
            root["caseNumber"] = number.ToString();
            root.Remove("disputedItems");
        });
        var hash = ApplicationJson.Sha256(invalid);
        (await SubmitAsync(invalid, idempotencyKey: null)).Status.ShouldBe(OutcomeStatus.BadRequest);
        await Port<IIdempotencyRecords>().ClaimAsync("content:" + hash, number, hash);
        await Port<ICaseIndex>().TryCreateAsync(new Case { CaseNumber = number, State = CaseState.Determined, ContentHash = hash });

        var replay = await SubmitAsync(invalid, idempotencyKey: null);

        replay.Status.ShouldBe(OutcomeStatus.Accepted);
        replay.Value!.CaseNumber.ShouldBe(number.ToString());
        replay.Value.Replayed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_without_the_ADs_finding_or_with_an_invalid_one_is_refused_naming_the_field()
    {
        // 8 CCR § 9792.10.3: the Administrative Director decides eligibility; a case comes with the finding or not at all.
        var missing = await SubmitAsync(Edit(SeedWithNewNumber().Json, root => root.Remove("eligibilityFinding")), idempotencyKey: null);
        var early = await SubmitAsync(Edit(SeedWithNewNumber().Json, root => root["eligibilityFinding"]!["assignedOn"] = "2013-11-01"), idempotencyKey: null);

        missing.Status.ShouldBe(OutcomeStatus.BadRequest);
        missing.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.eligibilityFinding");
        early.Status.ShouldBe(OutcomeStatus.BadRequest);
        early.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.eligibilityFinding.assignedOn");
    }

    [Fact]
    public async Task A_file_without_a_number_gets_one_and_its_replay_takes_no_other()
    {
        var json = Edit(SeedWithNewNumber().Json, root => root.Remove("caseNumber"));

        var first = await SubmitAsync(json, idempotencyKey: null);
        var again = await SubmitAsync(json, idempotencyKey: null);
        var next = await Port<ICaseNumberAllocator>().AllocateAsync(DateTimeOffset.UtcNow.Year % 100);

        first.Status.ShouldBe(OutcomeStatus.Accepted);
        again.Value!.CaseNumber.ShouldBe(first.Value!.CaseNumber);
        again.Value.Replayed.ShouldBeTrue();
        next.ShouldBe(CaseNumber.Create(DateTimeOffset.UtcNow.Year % 100, CaseNumber.Parse(first.Value.CaseNumber).Sequence + 1), "the replay allocated nothing");
    }

    [Theory]
    [InlineData("cl\u00e9-1")]
    [InlineData("\u043a\u043b\u044e\u0447")]
    [InlineData("key\u00a0with-nbsp")]
    [InlineData("cl\u00c3\u00a9")]
    [InlineData("tab\tinside")]
    public async Task An_idempotency_key_outside_printable_ascii_is_a_400_naming_the_header_and_creates_nothing(string key)
    {
        var (number, json) = SeedWithNewNumber();

        var refused = await SubmitAsync(json, key);

        refused.Status.ShouldBe(OutcomeStatus.BadRequest);
        refused.Problems.Single().Path.ShouldBe("Idempotency-Key");
        refused.Problems.Single().Reason.ShouldContain("ASCII");
        (await Port<ICaseIndex>().GetAsync(number)).ShouldBeNull("a refused submission creates no case");
        (await Port<IIdempotencyRecords>().GetAsync("request:" + key)).ShouldBeNull("a refused key claims nothing");
    }

    [Fact]
    public async Task At_a_UTC_midnight_still_the_day_before_in_California_submission_and_acceptance_judge_the_same_today()
    {
        // 2026-12-07T05:00Z is 21:00 on December 6 in California (PST): an application received "December 7" is in the
        // future for both steps, one received December 6 is not. Judged by the UTC date, submission answered 202 to the
        // first and acceptance then rejected it.
        var at = new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
        foreach (var (received, valid) in new[] { ("2026-12-06", true), ("2026-12-07", false) })
        {
            var (number, seed) = SeedWithNewNumber();
            var json = Edit(seed, root =>
            {
                root["dates"] = new JsonObject
                {
                    ["injury"] = "2026-01-05",
                    ["urDecision"] = "2026-11-19",
                    ["urDecisionServed"] = "2026-11-20",
                    ["urDecisionServedBy"] = "Electronic",
                    ["applicationReceived"] = received,
                };
                root["eligibilityFinding"] = new JsonObject { ["assignedOn"] = "2026-12-06", ["receivedOn"] = "2026-12-06" };
            });

            var submitted = await SubmitAsync(json, idempotencyKey: null, new FakeTimeProvider(at));
            await Port<ICaseFileStore>().StoreCaseFileAsync(number, json);
            var accepted = await ActivatorUtilities.CreateInstance<AcceptCaseActivity>(harness.Services).RunAsync(
                null!,
                new AcceptCaseRequest(new CaseStep(number, "accepted", at, "", CaseWorkflowContract.CurrentVersion), "http", $"cases/{number}/case-file.json", ApplicationJson.Sha256(json)));

            submitted.Status.ShouldBe(valid ? OutcomeStatus.Accepted : OutcomeStatus.BadRequest, received);
            accepted.Verdict.ShouldBe(valid ? AcceptVerdict.Accepted : AcceptVerdict.Rejected, received);
            if (!valid)
            {
                submitted.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.dates.applicationReceived");
                accepted.Reasons.ShouldHaveSingleItem().ShouldBe(submitted.Problems.Single());
            }
        }
    }

    /// <summary>Submits as the HTTP endpoint does, remembering the case started so it can be ended afterwards.</summary>
    private async Task<Outcome<SubmittedCase>> SubmitAsync(byte[] json, string? idempotencyKey, TimeProvider? time = null)
    {
        var outcome = await Submission(time).SubmitAsync(json, idempotencyKey);
        if (outcome.IsSuccess)
        {
            _started.Add(outcome.Value!.InstanceId);
        }

        return outcome;
    }

    private CaseSubmission Submission(TimeProvider? time) => new(
        harness.Client,
        Port<ICaseFileStore>(),
        Port<ICaseIndex>(),
        Port<ICaseNumberAllocator>(),
        Port<IIdempotencyRecords>(),
        Port<IAuditTrail>(),
        time ?? TimeProvider.System,
        new CaseStartSettings(),
        NullLogger<CaseSubmission>.Instance);

    private static CaseNumber NextNumber() => CaseNumber.Create(13, Interlocked.Increment(ref s_next));

    private static (CaseNumber Number, byte[] Json) SeedWithNewNumber()
    {
        var number = NextNumber();
        var seed = File.ReadAllText(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "docs", "examples", "seed-case.json"));
        var root = JsonNode.Parse(seed)!;
        root["caseNumber"] = number.ToString();
        return (number, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static byte[] Edit(byte[] json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private T Port<T>() where T : notnull => harness.Services.GetRequiredService<T>();
}
