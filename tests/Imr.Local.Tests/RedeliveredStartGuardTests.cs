using DurableTask.Core;
using DurableTask.Core.History;
using Imr.Local.Recovery;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Local.Tests;

/// <summary>
/// The guard that keeps a redelivered ExecutionStarted away from the sidecar (which would fail the whole episode with
/// "Multiple ExecutionStartedEvent found"). The kill window that causes it is narrow, so FaultTests only meets it now and
/// then; these tests pin the rule itself.
/// </summary>
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
