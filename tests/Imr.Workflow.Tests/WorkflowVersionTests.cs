using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;

namespace Imr.Workflow.Tests;

/// <summary>
/// The versioning rule on the Durable Task SDK's orchestration versions (docs/workflow.md, "Versioning"): a later
/// workflow version is a second class registered under the same orchestration name and its own version; the worker hands
/// each case to the class of the version it started under, and leaves a case of a version newer than its own alone.
/// These tests run on an engine of their own whose worker, as a build of version 2.0 would, registers both.
/// </summary>
public sealed class WorkflowVersionTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    private const string SecondVersion = "2.0";
    private DurableTaskTestHost? _engine;

    protected override DurableTaskClient Client => _engine!.Client;

    public override async Task InitializeAsync()
    {
        _engine = await Harness.StartEngineAsync(
            registry => registry
                .AddCaseWorkflow()
                .AddOrchestrator(CaseWorkflowContract.OrchestrationName, SecondVersion, () => new SecondVersionOrchestration()),
            new DurableTaskWorkerOptions.VersioningOptions
            {
                Version = SecondVersion,
                DefaultVersion = SecondVersion,
                MatchStrategy = CaseWorkflowRegistration.WorkerVersioning().MatchStrategy,
                FailureStrategy = CaseWorkflowRegistration.WorkerVersioning().FailureStrategy,
            });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _engine!.DisposeAsync();
    }

    [Fact]
    public async Task A_second_version_runs_beside_the_first_and_each_case_runs_the_class_of_the_version_it_started_under()
    {
        var reviewer = await AddReviewerAsync("a");
        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));
        var other = CaseNumber.Create(26, 800_000 + CaseNumber.Sequence);
        await StartAsync(await StoredCaseAsync(other), SecondVersion);

        // The first version's case runs the first release's steps to its letter, while the second version's runs its own.
        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        awaiting.WorkflowVersion.ShouldBe(CaseWorkflowContract.CurrentVersion);
        await RaiseAsync(CaseWorkflowContract.RecordsCompletedEvent, new RecordsCompleted("CA-1", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(s => s.State == CaseState.UnderReview);
        await RaiseAsync(CaseWorkflowContract.DecisionSubmittedEvent, Decide(reviewer.Id, (Items[0], Decision.Upheld), (Items[1], Decision.Overturned)));
        (await WaitForOutcomeAsync()).State.ShouldBe(CaseState.Determined);
        (await CaseRowAsync()).WorkflowVersion.ShouldBe(CaseWorkflowContract.CurrentVersion);
        (await AuditAsync()).ShouldAllBe(a => a.WorkflowVersion == CaseWorkflowContract.CurrentVersion);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var second = await Client.WaitForInstanceCompletionAsync(CaseWorkflowContract.InstanceId(other), getInputsAndOutputs: true, timeout.Token);
        second.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, second.FailureDetails?.ToString());
        second.ReadOutputAs<CaseOutcome>()!.Reason.ShouldBe($"ran version {SecondVersion}: Accepted");
        var row = (await Port<ICaseIndex>().GetAsync(other))!.Case;
        row.State.ShouldBe(CaseState.Received, "the second version stops after acceptance");
        row.WorkflowVersion.ShouldBe(SecondVersion, "the activities stamp the version the case started under");
    }

    [Fact]
    public async Task A_case_of_a_version_newer_than_the_worker_is_left_untouched()
    {
        // A worker of version 2.0 (CurrentOrOlder, Reject) does not run a 3.0 case: it stays Pending for a newer worker.
        var input = await StoredCaseAsync(CaseFileJson(), Calm);
        await StartAsync(input, "3.0");
        await Task.Delay(TimeSpan.FromSeconds(3));

        (await Client.GetInstanceAsync(InstanceId))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Pending);
        (await Port<ICaseIndex>().GetAsync(CaseNumber)).ShouldBeNull("no step of the case ran");
    }

    /// <summary>Stores a valid case file for another case number, as HTTP intake does, and returns its input.</summary>
    private async Task<CaseWorkflowInput> StoredCaseAsync(CaseNumber number)
    {
        var bytes = Encoding.UTF8.GetBytes(CaseFileJson(root => root["caseNumber"] = number.ToString()));
        var blob = await Port<ICaseFileStore>().StoreCaseFileAsync(number, bytes);
        return new CaseWorkflowInput
        {
            CaseNumber = number,
            Source = "http",
            CaseFilePath = blob.Path,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ReceivedAt = DateTimeOffset.UtcNow,
            Timing = Calm,
        };
    }

    /// <summary>A stand-in for a workflow 2.0: it accepts the case and stops, saying which version ran it.</summary>
    private sealed class SecondVersionOrchestration : TaskOrchestrator<CaseWorkflowInput, CaseOutcome?>
    {
        public override async Task<CaseOutcome?> RunAsync(TaskOrchestrationContext context, CaseWorkflowInput input)
        {
            var step = new CaseStep(input.CaseNumber, "accepted", context.CurrentUtcDateTime, "", context.Version);
            var accepted = await context.CallAcceptCaseAsync(new AcceptCaseRequest(step, input.Source, input.CaseFilePath, input.ContentHash));
            return new CaseOutcome { CaseNumber = input.CaseNumber, State = CaseState.Received, Reason = $"ran version {context.Version}: {accepted.Verdict}" };
        }
    }
}

/// <summary>host.json gives the Functions host the same versioning as the code: cases start and run under one version.</summary>
public sealed class HostVersioningTests
{
    [Fact]
    public void Host_json_starts_and_runs_cases_under_the_version_the_code_starts_them_under()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "host.json")))!;
        var durableTask = host["extensions"]!["durableTask"]!;
        var worker = CaseWorkflowRegistration.WorkerVersioning();

        ((string?)durableTask["defaultVersion"]).ShouldBe(CaseWorkflowContract.CurrentVersion);
        ((string?)durableTask["versionMatchStrategy"]).ShouldBe(worker.MatchStrategy.ToString());
        ((string?)durableTask["versionFailureStrategy"]).ShouldBe(worker.FailureStrategy.ToString());
        worker.Version.ShouldBe(CaseWorkflowContract.CurrentVersion);
        worker.MatchStrategy.ShouldBe(DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder);
        CaseWorkflowContract.StartOptions(CaseNumber.Create(26, 1)).Version?.Version.ShouldBe(CaseWorkflowContract.CurrentVersion);
    }
}
