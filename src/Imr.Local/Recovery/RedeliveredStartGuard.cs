using DurableTask.Core;
using DurableTask.Core.History;

namespace Imr.Local.Recovery;

/// <summary>
/// Wraps the orchestration service the sidecar dispatches from and drops an <see cref="ExecutionStartedEvent"/> message
/// that arrives again for an execution whose history already starts with it.
/// <para>
/// Why: the Azure Storage provider checkpoints an episode as "send outbound messages, write history, then delete the
/// messages that triggered it". A host killed after the history write but before the delete gets the triggering
/// ExecutionStarted message back once the queue visibility timeout passes, and the provider's own de-duplication lets it
/// through (the Instances row names the same execution). DurableTask.Core's dispatcher drops such a message; the test
/// host's sidecar dispatcher does not: it appends it to the runtime state, which throws "Multiple ExecutionStartedEvent
/// found", abandons the whole batch (with whatever real events came with it) and retries it with exponential back-off
/// for as long as the orchestration runs. Seen in FaultTests (kill -9 during a case's first episode).
/// </para>
/// <para>
/// The message stays in the work item's message batch, so the provider still deletes it when the episode completes;
/// only the sidecar no longer sees it.
/// </para>
/// </summary>
internal sealed class RedeliveredStartGuard(IOrchestrationService inner, ILogger<RedeliveredStartGuard> logger) : IOrchestrationService
{
    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>The service this one wraps.</summary>
    public IOrchestrationService Inner => inner;

    /// <summary>
    /// Removes from <paramref name="workItem"/>'s new messages every ExecutionStarted for the execution its history already
    /// started. Returns how many were removed.
    /// </summary>
    public static int DropRedeliveredStarts(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var started = workItem.OrchestrationRuntimeState?.ExecutionStartedEvent;
        if (started is null || workItem.NewMessages is null)
        {
            return 0;
        }

        var executionId = started.OrchestrationInstance?.ExecutionId ?? workItem.OrchestrationRuntimeState!.OrchestrationInstance?.ExecutionId;
        var kept = workItem.NewMessages
            .Where(m => !(m.Event is ExecutionStartedEvent again
                && string.Equals(again.OrchestrationInstance?.ExecutionId ?? m.OrchestrationInstance?.ExecutionId, executionId, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var dropped = workItem.NewMessages.Count - kept.Count;
        if (dropped > 0)
        {
            workItem.NewMessages = kept;
        }

        return dropped;
    }

    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null && DropRedeliveredStarts(workItem) is > 0 and var dropped)
        {
            logger.LogWarning(
                "{InstanceId}: dropped {Count} redelivered ExecutionStarted message(s) for an execution already started (a host stopped mid-checkpoint).",
                workItem.InstanceId,
                dropped);
        }

        return workItem!;
    }

    /// <inheritdoc />
    public Task StartAsync() => inner.StartAsync();

    /// <inheritdoc />
    public Task StopAsync() => inner.StopAsync();

    /// <inheritdoc />
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    /// <inheritdoc />
    public Task CreateAsync() => inner.CreateAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task DeleteAsync() => inner.DeleteAsync();

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <inheritdoc />
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}

/// <summary>Registration of <see cref="RedeliveredStartGuard"/> around whichever engine is registered.</summary>
internal static class RedeliveredStartGuardRegistration
{
    private const string EngineKey = "imr-engine-unguarded";

    /// <summary>
    /// Wraps the last registered <see cref="IOrchestrationService"/> (the one the sidecar resolves) in a
    /// <see cref="RedeliveredStartGuard"/>. Call after the engine is registered.
    /// </summary>
    public static IServiceCollection AddRedeliveredStartGuard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IOrchestrationService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("No IOrchestrationService is registered; register the durable engine first.");
        }

        // The engine stays registered, under a key, so the container still owns (and disposes) it.
        var engine = services[index];
        services[index] = engine.ImplementationInstance is { } instance
            ? ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, instance)
            : engine.ImplementationFactory is { } factory
                ? ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, (sp, _) => factory(sp))
                : ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, engine.ImplementationType!);
        services.AddSingleton<IOrchestrationService>(sp => new RedeliveredStartGuard(
            sp.GetRequiredKeyedService<IOrchestrationService>(EngineKey),
            sp.GetRequiredService<ILogger<RedeliveredStartGuard>>()));
        return services;
    }
}
