using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Reviewers;
using Imr.Storage;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Timing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Workflow.Tests.Harness;

/// <summary>
/// What each workflow test needs: a fresh case number, reviewers of its own, case files in real blob storage, and ways
/// to drive and observe the orchestration. At the end its reviewers are paused (so later tests never pick them) and
/// any instance still running is terminated.
/// </summary>
[Collection(WorkflowCollection.Name)]
public abstract class CaseWorkflowTest : IAsyncLifetime
{
    /// <summary>Fast enough that deadlines pass in seconds: records due ≈ 1.2–1.6 s, determination due ≈ 3 s after review starts.</summary>
    protected static readonly WorkflowTiming Fast = new()
    {
        SecondsPerStatutoryDay = 0.1,
        AssignmentRetryDays = 20,
        ActivityRetrySeconds = 0.2,
        OverdueGraceDays = 100,
    };

    /// <summary>Slow enough that no deadline passes during a test (records due ≥ 60 s away).</summary>
    protected static readonly WorkflowTiming Calm = new()
    {
        SecondsPerStatutoryDay = 5,
        AssignmentRetryDays = 20,
        ActivityRetrySeconds = 0.2,
    };

    private static int s_sequence = 100;
    private readonly List<Reviewer> _reviewers = [];
    private readonly List<string> _instances = [];

    protected CaseWorkflowTest(WorkflowHarness harness)
    {
        Harness = harness;
        var n = Interlocked.Increment(ref s_sequence);
        CaseNumber = CaseNumber.Create(26, n);
        Prefix = string.Create(CultureInfo.InvariantCulture, $"r{n}");
    }

    protected WorkflowHarness Harness { get; }

    protected CaseNumber CaseNumber { get; }

    /// <summary>Prefix of this test's reviewer ids.</summary>
    protected string Prefix { get; }

    protected string InstanceId => CaseWorkflowContract.InstanceId(CaseNumber);

    /// <summary>The engine the test drives its case on: the shared one, unless a test brings its own.</summary>
    protected virtual DurableTaskClient Client => Harness.Client;

    protected T Port<T>() where T : notnull => Harness.Services.GetRequiredService<T>();

    protected static DateOnly Today => PacificTime.DateOf(DateTimeOffset.UtcNow);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var id in _instances)
        {
            var state = await Client.GetInstanceAsync(id);
            if (state is { IsCompleted: false })
            {
                await Client.TerminateInstanceAsync(id, "test finished");
            }
        }

        var registry = Port<IReviewerRegistry>();
        foreach (var reviewer in _reviewers)
        {
            await registry.UpdateAsync(reviewer with { Status = ReviewerStatus.Paused });
        }
    }

    /// <summary>An eligible orthopedic reviewer (exact fit for the spine cases the tests file), stored in the real registry.</summary>
    protected async Task<Reviewer> AddReviewerAsync(string suffix, Func<Reviewer, Reviewer>? change = null)
    {
        var reviewer = new Reviewer
        {
            Id = $"{Prefix}-{suffix}",
            Name = $"Dr. {suffix} (test)",
            Licenses = [new License { State = "CA", Number = "A1", Status = LicenseStatus.Active, Expires = Today.AddYears(3) }, new License { State = "NV", Number = "N1", Status = LicenseStatus.Active, Expires = Today.AddYears(3) }],
            Certifications = [new BoardCertification { Board = "American Board of Orthopaedic Surgery", Specialty = "Orthopedic Surgery", Expires = Today.AddYears(3) }],
            YearsInActivePractice = 12,
            ClinicalHoursPerWeek = 32,
            Capacity = 10,
        };
        reviewer = change?.Invoke(reviewer) ?? reviewer;
        (await Port<IReviewerRegistry>().TryCreateAsync(reviewer)).ShouldBeTrue();
        _reviewers.Add(reviewer);
        return reviewer;
    }

    /// <summary>A valid case file (two disputed spine items) as JSON, with dates relative to today; <paramref name="edit"/> may change it.</summary>
    protected string CaseFileJson(Action<JsonObject>? edit = null, int urServedDaysAgo = 10)
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = "1.0",
            ["caseNumber"] = CaseNumber.ToString(),
            ["priority"] = "Standard",
            ["dates"] = new JsonObject
            {
                ["injury"] = Iso(Today.AddYears(-1)),
                ["urDecision"] = Iso(Today.AddDays(-urServedDaysAgo - 1)),
                ["urDecisionServed"] = Iso(Today.AddDays(-urServedDaysAgo)),
                ["urDecisionServedBy"] = "Electronic",
                ["applicationReceived"] = Iso(Today.AddDays(-1)),
            },
            ["eligibilityFinding"] = new JsonObject { ["assignedOn"] = Iso(Today), ["receivedOn"] = Iso(Today) },
            ["parties"] = new JsonObject
            {
                ["employee"] = Party("EE-1", "Employee (test)"),
                ["employer"] = Party("FEIN-1", "Employer (test)"),
                ["claimsAdministrator"] = Party("CA-1", "Claims Administration (test)"),
                ["requestingProvider"] = Party("NPI-1", "Requesting Physician (test)"),
                ["urReviewer"] = Party("NPI-2", "UR Physician (test)"),
                ["urOrganization"] = Party("URO-1", "UR Organization (test)"),
            },
            ["conditions"] = new JsonArray("lumbar strain"),
            ["disputedItems"] = new JsonArray(
                new JsonObject { ["description"] = "Physical therapy 2x6 lumbar spine", ["quantity"] = 12, ["claimsAdministratorGuideline"] = "MTUS Chronic Pain Medical Treatment Guidelines" },
                new JsonObject { ["description"] = "MRI lumbar spine without contrast", ["quantity"] = 1, ["claimsAdministratorGuideline"] = "MTUS ACOEM Chapter 12 Low Back Complaints" }),
            ["clinicalSummary"] = "Low back strain from lifting at work, treated with medication and home exercise.",
        };
        edit?.Invoke(root);
        return root.ToJsonString();
    }

    protected static string[] Items => ["Physical therapy 2x6 lumbar spine", "MRI lumbar spine without contrast"];

    /// <summary>Stores the case file as HTTP intake does (write-once under cases/) and returns the orchestration input.</summary>
    protected async Task<CaseWorkflowInput> StoredCaseAsync(string json, WorkflowTiming timing)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var blob = await Port<ICaseFileStore>().StoreCaseFileAsync(CaseNumber, bytes);
        return Input(blob.Path, bytes, "http", timing);
    }

    private CaseWorkflowInput Input(string path, byte[] bytes, string source, WorkflowTiming timing) => new()
    {
        CaseNumber = CaseNumber,
        Source = source,
        CaseFilePath = path,
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        ReceivedAt = DateTimeOffset.UtcNow,
        Timing = timing,
    };

    /// <summary>Starts the case as hosts do (<see cref="CaseWorkflowContract.StartOptions"/>), or under another version.</summary>
    protected async Task StartAsync(CaseWorkflowInput input, string? version = null)
    {
        _instances.Add(CaseWorkflowContract.InstanceId(input.CaseNumber));
        var options = CaseWorkflowContract.StartOptions(input.CaseNumber);
        await Client.ScheduleNewOrchestrationInstanceAsync(
            CaseWorkflowContract.OrchestrationName,
            input,
            version is null ? options : options with { Version = version });
    }

    /// <summary>
    /// Raises an event to the case. A decision is preceded by its reviewer's "no conflict" statement (LC § 139.5), as a
    /// reviewer gives it through the API before deciding, and, as the API does (409 until then), the decision is raised
    /// only once the statement is on the row: two events raised together may be read in either order. The statement of a
    /// reviewer who is not assigned changes nothing. Tests of the statement itself use <see cref="RaiseOnlyAsync"/>.
    /// </summary>
    protected async Task RaiseAsync(string eventName, object? payload = null)
    {
        if (payload is DecisionSubmitted { Decision.ReviewerId: { } reviewerId })
        {
            await StateNoConflictAsync(reviewerId);
        }

        await RaiseOnlyAsync(eventName, payload);
    }

    /// <summary>
    /// The reviewer states no conflict (LC § 139.5); when they are the one assigned, returns once the statement is on the
    /// row, which is when the API would take their decision.
    /// </summary>
    protected async Task StateNoConflictAsync(string reviewerId)
    {
        await RaiseOnlyAsync(CaseWorkflowContract.ConflictStatementEvent, new ConflictStatement(reviewerId, NoConflict: true, Reason: null, DateTimeOffset.UtcNow));
        if (string.Equals((await CaseRowAsync()).ReviewerId, reviewerId, StringComparison.Ordinal))
        {
            await WaitForRowAsync(r => r.NoConflictStatedAt is not null || !string.Equals(r.ReviewerId, reviewerId, StringComparison.Ordinal));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    protected static async Task WaitForAsync(Func<bool> condition, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new ShouldAssertException($"The condition never held within {seconds} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls the case row until it satisfies <paramref name="condition"/>.</summary>
    protected async Task<Imr.Domain.Cases.Case> WaitForRowAsync(Func<Imr.Domain.Cases.Case, bool> condition, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var row = await CaseRowAsync();
        while (!condition(row))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new ShouldAssertException($"The case row never matched within {seconds} s; last: {JsonSerializer.Serialize(row)}");
            }

            await Task.Delay(50);
            row = await CaseRowAsync();
        }

        return row;
    }

    /// <summary>Raises exactly this event to the case.</summary>
    protected Task RaiseOnlyAsync(string eventName, object? payload = null) => Client.RaiseEventAsync(InstanceId, eventName, payload);

    /// <summary>Polls the custom status until it satisfies <paramref name="condition"/>.</summary>
    protected async Task<CaseStatus> WaitForStatusAsync(Func<CaseStatus, bool> condition, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        CaseStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var state = await Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true);
            if (state?.SerializedCustomStatus is not null)
            {
                last = state.ReadCustomStatusAs<CaseStatus>();
                if (last is not null && condition(last))
                {
                    return last;
                }
            }

            if (state is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
            {
                throw new ShouldAssertException($"The orchestration failed: {state.FailureDetails?.ErrorMessage}");
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Status never matched within {seconds} s; last: {JsonSerializer.Serialize(last)}; history: {await HistoryTextAsync()}");
    }

    /// <summary>The current generation's history, one event per line, for failure messages.</summary>
    protected async Task<string> HistoryTextAsync()
    {
        var history = await Client.GetOrchestrationHistoryAsync(InstanceId);
        return string.Join(Environment.NewLine, history.Select(e => e switch
        {
            global::DurableTask.Core.History.EventRaisedEvent r => $"{e.EventType} {r.Name} {r.Input}",
            global::DurableTask.Core.History.TaskScheduledEvent t => $"{e.EventType} {t.Name}",
            global::DurableTask.Core.History.TaskFailedEvent f => $"{e.EventType} {f.Reason} {f.Details}",
            global::DurableTask.Core.History.ExecutionCompletedEvent c => $"{e.EventType} {c.OrchestrationStatus} {c.Result}",
            global::DurableTask.Core.History.TimerCreatedEvent t => $"{e.EventType} {t.EventId} {t.FireAt:O}",
            global::DurableTask.Core.History.TimerFiredEvent t => $"{e.EventType} {t.TimerId}",
            _ => e.EventType.ToString(),
        }));
    }

    protected async Task<CaseOutcome> WaitForOutcomeAsync(double seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        OrchestrationMetadata state;
        try
        {
            state = await Client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var last = await Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true);
            throw new ShouldAssertException($"The case did not end within {seconds} s; status: {last?.SerializedCustomStatus}; history: {await HistoryTextAsync()}");
        }

        state.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString());
        return state.ReadOutputAs<CaseOutcome>()!;
    }

    /// <summary>Waits up to 10 s for an audit entry with this action, and returns the first.</summary>
    protected async Task<AuditEntry> WaitForAuditAsync(string action)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await AuditAsync()).FirstOrDefault(a => a.Action == action) is { } entry)
            {
                return entry;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"No '{action}' audit entry appeared.");
    }

    protected async Task<IReadOnlyList<AuditEntry>> AuditAsync() => await Port<IAuditTrail>().ReadAsync(CaseNumber);

    protected async Task<Imr.Domain.Cases.Case> CaseRowAsync() => (await Port<ICaseIndex>().GetAsync(CaseNumber))!.Case;

    protected async Task<int> LoadOfAsync(string reviewerId) => (await Port<IReviewerRegistry>().GetAsync(reviewerId))!.CurrentCaseload;

    protected static DecisionSubmitted Decide(string reviewerId, params (string Item, Decision Decision)[] items) =>
        new(
            new ReviewerDecision
            {
                ReviewerId = reviewerId,
                ClinicalSummary = "The reviewer's summary of the records.",
                Items = items.Select(i => new ItemDecision
                {
                    Description = i.Item,
                    Decision = i.Decision,
                    Guideline = "MTUS Low Back Complaints",
                    Rationale = "The guideline criteria are " + (i.Decision == Decision.Upheld ? "not met." : "met."),
                }).ToList(),
            },
            AssignmentToken: null,
            SubmittedAt: DateTimeOffset.UtcNow);

    protected static RecordArrived Record(string fileName, string hash) =>
        new(fileName, $"cases/x/records/{fileName}", hash, DateTimeOffset.UtcNow);

    private static JsonObject Party(string id, string name) => new() { ["id"] = id, ["name"] = name };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
