using DurableTask.Core;

namespace Imr.Local.Engine;

/// <summary>
/// An <see cref="IOrchestrationService"/> that hands every call to the engine it wraps. The sidecar's fixes in Imr.Local
/// (lock renewal, the redelivered-start guard) derive from it and override only the calls they change.
/// </summary>
internal abstract class OrchestrationServiceDecorator(IOrchestrationService inner) : IOrchestrationService
{
    /// <summary>The engine this one wraps.</summary>
    public IOrchestrationService Inner { get; } = inner;

    /// <inheritdoc />
    public virtual int TaskOrchestrationDispatcherCount => Inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public virtual int MaxConcurrentTaskOrchestrationWorkItems => Inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public virtual BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => Inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public virtual int TaskActivityDispatcherCount => Inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public virtual int MaxConcurrentTaskActivityWorkItems => Inner.MaxConcurrentTaskActivityWorkItems;

    /// <inheritdoc />
    public virtual Task StartAsync() => Inner.StartAsync();

    /// <inheritdoc />
    public virtual Task StopAsync() => Inner.StopAsync();

    /// <inheritdoc />
    public virtual Task StopAsync(bool isForced) => Inner.StopAsync(isForced);

    /// <inheritdoc />
    public virtual Task CreateAsync() => Inner.CreateAsync();

    /// <inheritdoc />
    public virtual Task CreateAsync(bool recreateInstanceStore) => Inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public virtual Task CreateIfNotExistsAsync() => Inner.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public virtual Task DeleteAsync() => Inner.DeleteAsync();

    /// <inheritdoc />
    public virtual Task DeleteAsync(bool deleteInstanceStore) => Inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public virtual bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        Inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public virtual int GetDelayInSecondsAfterOnProcessException(Exception exception) => Inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public virtual int GetDelayInSecondsAfterOnFetchException(Exception exception) => Inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public virtual Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public virtual Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public virtual Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        Inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    /// <inheritdoc />
    public virtual Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public virtual Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public virtual Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public virtual Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <inheritdoc />
    public virtual Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => Inner.AbandonTaskActivityWorkItemAsync(workItem);
}
