using System.Net;
using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Imr.Local.Recovery;
using Imr.Local.Tests.Harness;
using Imr.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Local.Tests;

/// <summary>
/// The guard that keeps a redelivered ExecutionStarted away from the sidecar (which would fail the whole episode with
/// "Multiple ExecutionStartedEvent found"). The kill window that causes it is narrow, so FaultTests only meets it now and
/// then; these tests pin the rule itself.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class RedeliveredStartGuardTests
{
    private static readonly OrchestrationInstance Execution = new() { InstanceId = "case-CM25-0000001", ExecutionId = "e1" };

    [Fact]
    public void A_start_message_for_the_execution_the_history_already_started_is_dropped_and_the_rest_of_the_batch_kept()
    {
        var completed = Message(new TaskCompletedEvent(-1, 0, "\"result\""), Execution);
        var workItem = WorkItem(StartedHistory(Execution), Message(Started(Execution), Execution), completed);

        RedeliveredStartGuard.DropRedeliveredStarts(workItem).ShouldBe(1);

        workItem.NewMessages.ShouldBe([completed]);
    }

    [Fact]
    public void The_first_start_of_an_instance_passes()
    {
        var start = Message(Started(Execution), Execution);
        var workItem = WorkItem([], start);

        RedeliveredStartGuard.DropRedeliveredStarts(workItem).ShouldBe(0);

        workItem.NewMessages.ShouldBe([start]);
    }

    [Fact]
    public void A_start_message_for_another_execution_is_left_to_the_engine()
    {
        var other = new OrchestrationInstance { InstanceId = Execution.InstanceId, ExecutionId = "e2" };
        var start = Message(Started(other), other);
        var workItem = WorkItem(StartedHistory(Execution), start);

        RedeliveredStartGuard.DropRedeliveredStarts(workItem).ShouldBe(0);

        workItem.NewMessages.ShouldBe([start]);
    }

    [Fact]
    public void The_guard_wraps_the_engine_the_sidecar_resolves()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var engine = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        services.AddSingleton<IOrchestrationService>(engine);

        services.AddRedeliveredStartGuard();
        using var provider = services.BuildServiceProvider();

        var resolved = provider.GetRequiredService<IOrchestrationService>().ShouldBeOfType<RedeliveredStartGuard>();
        resolved.Inner.ShouldBeSameAs(engine);
        resolved.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(engine.MaxConcurrentTaskOrchestrationWorkItems);
    }

    [Fact]
    public void Registering_the_guard_before_an_engine_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddRedeliveredStartGuard())
            .Message.ShouldContain("register the durable engine first");
    }

    /// <summary>
    /// End to end on the Azure Storage engine: a copy of a waiting case's ExecutionStarted (same execution id, as a host
    /// killed between the history write and the message delete leaves it) is put on the control queue. The host drops it
    /// instead of failing episodes with "Multiple ExecutionStartedEvent found", and the case still runs to Determined.
    /// </summary>
    [Fact]
    public async Task A_redelivered_start_of_a_waiting_case_is_dropped_and_the_case_still_runs_to_determined()
    {
        const string taskHub = "guardhub";
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var host = await LocalProcess.StartAsync(azurite.ConnectionString, taskHub);
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        using (var created = await host.Client.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId))))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var caseNumber = ImrApi.NewCaseNumber();
        using (var submitted = await host.Client.SubmitAsync(ImrApi.SeedCase(caseNumber)))
        {
            submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await host.Client.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords");

        // The copy, built from what the Instances table holds about the running execution.
        var instanceId = $"case-{caseNumber}";
        var row = (await new TableClient(azurite.ConnectionString, $"{taskHub}Instances").GetEntityAsync<TableEntity>(instanceId, "")).Value;
        var execution = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = row.GetString("ExecutionId") };
        var copy = new ExecutionStartedEvent(-1, row.GetString("Input")) { OrchestrationInstance = execution, Name = row.GetString("Name"), Generation = row.GetInt32("Generation") };
        var engine = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = taskHub,
            PartitionCount = 1,
        });
        await engine.SendTaskOrchestrationMessageAsync(new TaskMessage { Event = copy, OrchestrationInstance = execution });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Output.Contains($"{instanceId}: dropped 1 redelivered ExecutionStarted", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        host.Output.ShouldContain($"{instanceId}: dropped 1 redelivered ExecutionStarted", Case.Sensitive, host.Output);

        using (var complete = await host.Client.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null))
        {
            complete.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var underReview = await host.Client.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(30), "UnderReview");
        var decision = await ImrApi.Decision(underReview["reviewerId"]!.GetValue<string>()).WithTokenAsync(azurite.ConnectionString, caseNumber);
        await host.Client.StateNoConflictAsync(caseNumber, decision["assignmentToken"]!.GetValue<string>());
        using (var decided = await host.Client.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision)))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await host.Client.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(30), "Determined");
        host.Output.ShouldNotContain("Multiple ExecutionStartedEvent", Case.Sensitive);
    }

    private static ExecutionStartedEvent Started(OrchestrationInstance instance) =>
        new(-1, "{}") { OrchestrationInstance = instance, Name = "CaseOrchestration" };

    private static List<HistoryEvent> StartedHistory(OrchestrationInstance instance) =>
        [new OrchestratorStartedEvent(-1), Started(instance), new TaskScheduledEvent(0, "AcceptCase"), new OrchestratorCompletedEvent(-1)];

    private static TaskMessage Message(HistoryEvent historyEvent, OrchestrationInstance instance) =>
        new() { Event = historyEvent, OrchestrationInstance = instance };

    private static TaskOrchestrationWorkItem WorkItem(List<HistoryEvent> history, params TaskMessage[] messages) =>
        new()
        {
            InstanceId = Execution.InstanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
            NewMessages = messages.ToList(),
        };
}
