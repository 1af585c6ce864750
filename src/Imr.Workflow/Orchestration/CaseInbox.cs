using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>One external event taken from the inbox: its name and deserialized payload.</summary>
/// <param name="Name">The event name (see CaseWorkflowContract).</param>
/// <param name="Payload">The payload, typed as the inbox listened for it.</param>
internal sealed record InboxItem(string Name, object? Payload);

/// <summary>
/// Receives a generation's external events without ever losing one.
/// </summary>
/// <remarks>
/// The Durable Task SDK hands an event to the most recent waiter for its name, even one whose wait was cancelled, and
/// the event is then gone. So the inbox keeps exactly one live waiter per event name for the whole generation and never
/// cancels it; events queue here in arrival order. Before ContinueAsNew, <see cref="Close"/> sends every queued event,
/// and any that still reach a waiter afterwards, back to this instance so the next generation receives them.
/// </remarks>
internal sealed class CaseInbox
{
    private readonly TaskOrchestrationContext _context;
    private readonly Queue<InboxItem> _queued = new();
    private TaskCompletionSource<InboxItem>? _receiver;
    private bool _closed;

    public CaseInbox(TaskOrchestrationContext context) => _context = context;

    /// <summary>Starts listening for an event name for the rest of this generation.</summary>
    public void Listen<T>(string eventName) => _ = PumpAsync<T>(eventName);

    /// <summary>
    /// The next event. While a previous receive is still pending the same task is returned, so a loop that also waits on
    /// timers can call this every iteration without stacking waiters.
    /// </summary>
    public Task<InboxItem> ReceiveAsync()
    {
        if (_receiver is { Task.IsCompleted: false } pending)
        {
            return pending.Task;
        }

        if (_queued.TryDequeue(out var item))
        {
            _receiver = null;
            return Task.FromResult(item);
        }

        _receiver = new TaskCompletionSource<InboxItem>();
        return _receiver.Task;
    }

    /// <summary>Hands every event not yet received to the next generation; call just before ContinueAsNew.</summary>
    public void Close()
    {
        _closed = true;
        while (_queued.TryDequeue(out var item))
        {
            Forward(item);
        }
    }

    private async Task PumpAsync<T>(string eventName)
    {
        while (true)
        {
            var payload = await _context.WaitForExternalEvent<T>(eventName);
            var item = new InboxItem(eventName, payload);
            if (_closed)
            {
                // Arrived in the same episode as ContinueAsNew: pass it on. Later ones find no waiter and the SDK forwards them.
                Forward(item);
                return;
            }

            if (_receiver is { Task.IsCompleted: false } waiting)
            {
                waiting.SetResult(item);
            }
            else
            {
                _queued.Enqueue(item);
            }
        }
    }

    private void Forward(InboxItem item) => _context.SendEvent(_context.InstanceId, item.Name, item.Payload!);
}
