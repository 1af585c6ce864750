using System.Collections.Concurrent;
using DurableTask.Core;

namespace Imr.Local.Engine;

/// <summary>
/// Keeps the queue messages of every orchestration and activity work item the sidecar is running invisible until the
/// work item ends, by renewing its lock every half visibility timeout.
/// <para>
/// Why: DurableTask.Core's own dispatchers renew these locks; the test host's sidecar dispatcher never does. Imr.Local
/// keeps the visibility timeout short (15 s) so a host killed with <c>kill -9</c> gets its work back quickly; without
/// renewal an activity that runs longer than that comes back to the queue while still running, runs a second time, and
/// its first completion fails ("pop receipt did not match"). Renewing stops with the process, so recovery after a kill
/// is unchanged.
/// </para>
/// </summary>
internal sealed class WorkItemLockRenewal(IOrchestrationService inner, TimeSpan visibilityTimeout, ILogger<WorkItemLockRenewal> logger)
    : OrchestrationServiceDecorator(inner), IDisposable
{
    private readonly ConcurrentDictionary<object, (CancellationTokenSource Stop, Task Loop)> renewing = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan interval = visibilityTimeout / 2;

    /// <summary>How many work items are being kept locked now.</summary>
    public int Renewing => renewing.Count;

    /// <inheritdoc />
    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            KeepLocked(workItem, workItem.InstanceId, () => Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem));
        }

        return workItem!;
    }

    /// <inheritdoc />
    public override async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.AbandonTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            KeepLocked(workItem, workItem.Id, () => Inner.RenewTaskActivityWorkItemLockAsync(workItem));
        }

        return workItem!;
    }

    /// <inheritdoc />
    public override async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in renewing.Keys)
        {
            if (renewing.TryRemove(key, out var renewal))
            {
                renewal.Stop.Cancel();
            }
        }
    }

    private void KeepLocked(object workItem, string id, Func<Task> renew)
    {
        var stop = new CancellationTokenSource();
        var loop = Task.Run(() => RenewUntilStoppedAsync(id, renew, stop.Token), CancellationToken.None);
        renewing[workItem] = (stop, loop);
    }

    private async Task RenewUntilStoppedAsync(string id, Func<Task> renew, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
                try
                {
                    await renew().ConfigureAwait(false);
                    logger.LockRenewed(id, visibilityTimeout);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    if (stop.IsCancellationRequested)
                    {
                        // The work item ended while this renewal ran; its outcome no longer matters.
                        return;
                    }

                    // A renewal that fails (storage busy or timing out, message already gone) is tried again next interval;
                    // at worst the message comes back, which is what would have happened without renewing. Nothing may
                    // escape the loop: the completion awaits it, and a fault there would keep a finished item from completing.
                    logger.LockRenewalFailed(id, e.GetType().Name, interval);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The work item ended.
        }
    }

    private async Task StopRenewingAsync(object workItem)
    {
        if (renewing.TryRemove(workItem, out var renewal))
        {
            // A renewal in flight changes the message's pop receipt, so it must finish before the delete or abandon that
            // uses that receipt; the loop ends after it.
            try
            {
                await renewal.Stop.CancelAsync().ConfigureAwait(false);
                await renewal.Loop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Renewal is a courtesy to the queue; its failure must never stop the work item from completing.
                logger.LockRenewalEnded(e.GetType().Name);
            }
            finally
            {
                renewal.Stop.Dispose();
            }
        }
    }
}
