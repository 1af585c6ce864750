using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>One external event taken from the inbox: its name and deserialized payload.</summary>
/// <param name="Name">The event name (see CaseWorkflowContract).</param>
/// <param name="Payload">The payload, typed as the inbox listened for it.</param>
internal sealed record InboxItem(string Name, object? Payload);

/// <summary>
/// Waits for a generation's external events together with one timer, without losing events.
/// </summary>
/// <remarks>
/// The Durable Task SDK hands an event to the most recent waiter for its name, even one whose wait was cancelled, and
/// the event is then gone. So the inbox never cancels a waiter: each name has at most one, kept across loop iterations
/// until it receives its event. A consumed name is re-armed only when the orchestration waits again, so at a
/// ContinueAsNew right after an event no fresh waiter is left to swallow a second one; the SDK forwards such events to
/// the next generation. (Measured here: continuations attached to the SDK's event tasks outside the orchestrator's own
/// await chain never ran on the in-process engine, so the inbox keeps to plain Task.WhenAny.)
/// </remarks>
internal sealed class CaseInbox
{
    private readonly TaskOrchestrationContext _context;
    private readonly List<Listener> _listeners = [];

    public CaseInbox(TaskOrchestrationContext context) => _context = context;

    /// <summary>Listens for an event name for the rest of this generation (once per name).</summary>
    public void Listen<T>(string eventName)
    {
        if (_listeners.Exists(l => l.Name == eventName))
        {
            return;
        }

        _listeners.Add(new Listener(eventName, () => _context.WaitForExternalEvent<T>(eventName), task => ((Task<T>)task).Result));
    }

    /// <summary>Whether an event is already waiting to be taken (then no timer needs to be created).</summary>
    public bool HasEvent
    {
        get
        {
            Arm();
            return _listeners.Exists(l => l.Pending!.IsCompleted);
        }
    }

    /// <summary>The next event, or null when <paramref name="timer"/> completes first (or null timer and no event: never).</summary>
    public async Task<InboxItem?> NextAsync(Task? timer)
    {
        Arm();
        var tasks = _listeners.Select(l => l.Pending!).ToList();
        if (timer is not null)
        {
            tasks.Add(timer);
        }

        // WhenAny picks the first completed task in list order, so replays choose the same event.
        var first = await Task.WhenAny(tasks);
        if (first == timer)
        {
            return null;
        }

        var listener = _listeners.First(l => l.Pending == first);
        listener.Pending = null;
        return new InboxItem(listener.Name, listener.Read(first));
    }

    private void Arm()
    {
        foreach (var listener in _listeners)
        {
            listener.Pending ??= listener.Wait();
        }
    }

    private sealed class Listener(string name, Func<Task> wait, Func<Task, object?> read)
    {
        public string Name { get; } = name;

        public Func<Task> Wait { get; } = wait;

        public Func<Task, object?> Read { get; } = read;

        public Task? Pending { get; set; }
    }
}
