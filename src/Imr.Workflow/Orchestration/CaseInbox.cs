using Imr.Workflow.Contract;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>One external event taken from the inbox: its name and deserialized payload.</summary>
/// <param name="Name">The event name (see CaseWorkflowContract).</param>
/// <param name="Payload">The payload, typed by event name.</param>
internal sealed record InboxItem(string Name, object? Payload);

/// <summary>
/// Receives every case event in every phase, together with one timer; keeps what a phase leaves for a later one
/// (<see cref="PutBack"/>), and hands over what a generation did not handle to the next one through
/// <see cref="CaseProgress.Carried"/>.
/// </summary>
/// <remarks>
/// Two engine facts shape this class.
/// (1) The SDK gives an event to the newest waiter for its name, even a cancelled one, and the event is then gone; so a
/// waiter is never cancelled, and each name has at most one, kept until its event arrives.
/// (2) Events the SDK forwards to the next generation itself (preserveUnprocessedEvents) are dropped by the sidecar
/// dispatcher in Microsoft.DurableTask.InProcessTestHost 0.2.3, which both the tests and Imr.Local run on; so the inbox
/// never leaves an event to that mechanism: before ContinueAsNew, <see cref="Drain"/> arms every name (which takes any
/// event the SDK buffered) and returns every event received but not handled, and the orchestration carries them in its
/// input. Carried events come out of <see cref="NextAsync"/> first in the next generation.
/// </remarks>
internal sealed class CaseInbox
{
    private readonly TaskOrchestrationContext _context;
    private readonly List<Listener> _listeners = [];
    private readonly Queue<InboxItem> _carried;

    public CaseInbox(TaskOrchestrationContext context, IEnumerable<CarriedEvent> carried)
    {
        _context = context;
        _carried = new Queue<InboxItem>(carried.Select(c => c.ToItem()));
        Listen<RecordArrived>(CaseWorkflowContract.RecordArrivedEvent);
        Listen<RecordsCompleted>(CaseWorkflowContract.RecordsCompletedEvent);
        Listen<DecisionSubmitted>(CaseWorkflowContract.DecisionSubmittedEvent);
        Listen<CaseEnded>(CaseWorkflowContract.CaseEndedEvent);
        Listen<object?>(CaseWorkflowContract.RetryAssignmentEvent);
        Listen<DeadlineNear>(CaseWorkflowContract.DeadlineNearEvent);
        Listen<InformationRequested>(CaseWorkflowContract.InformationRequestedEvent);
        Listen<CaseExpedited>(CaseWorkflowContract.CaseExpeditedEvent);
        Listen<ConflictStatement>(CaseWorkflowContract.ConflictStatementEvent);
    }

    /// <summary>Whether an event handed back (<see cref="PutBack"/>) or carried from the previous generation is waiting.</summary>
    public bool HasCarried => _carried.Count > 0;

    /// <summary>Whether an event is already waiting to be taken (then no timer needs to be created).</summary>
    public bool HasEvent
    {
        get
        {
            if (_carried.Count > 0)
            {
                return true;
            }

            Arm();
            return _listeners.Exists(l => l.Pending!.IsCompleted);
        }
    }

    /// <summary>The next event, or null when <paramref name="timer"/> completes first.</summary>
    public async Task<InboxItem?> NextAsync(Task? timer)
    {
        if (_carried.TryDequeue(out var carried))
        {
            return carried;
        }

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

    /// <summary>Takes the first carried event with this name, if any, ahead of the others.</summary>
    public InboxItem? TakeCarried(string eventName)
    {
        var found = _carried.FirstOrDefault(i => i.Name == eventName);
        if (found is null)
        {
            return null;
        }

        var rest = _carried.Where(i => !ReferenceEquals(i, found)).ToList();
        _carried.Clear();
        foreach (var item in rest)
        {
            _carried.Enqueue(item);
        }

        return found;
    }

    /// <summary>
    /// Returns events a phase took but left for a later phase; they come out of <see cref="NextAsync"/> before anything
    /// else, in the order they were taken.
    /// </summary>
    public void PutBack(IReadOnlyCollection<InboxItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var rest = _carried.ToList();
        _carried.Clear();
        foreach (var item in items.Concat(rest))
        {
            _carried.Enqueue(item);
        }
    }

    /// <summary>Every event received and not yet taken, including any the SDK had buffered; call just before ContinueAsNew.</summary>
    public IReadOnlyList<InboxItem> Drain()
    {
        var items = new List<InboxItem>(_carried);
        _carried.Clear();
        Arm();
        foreach (var listener in _listeners.Where(l => l.Pending!.IsCompletedSuccessfully))
        {
            items.Add(new InboxItem(listener.Name, listener.Read(listener.Pending!)));
            listener.Pending = null;
        }

        return items;
    }

    private void Listen<T>(string eventName) =>
        _listeners.Add(new Listener(eventName, () => _context.WaitForExternalEvent<T>(eventName), task => ((Task<T>)task).Result));

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

/// <summary>An event one generation received but left to a later phase (e.g. a decision that came before the records).</summary>
public sealed record CarriedEvent
{
    /// <summary>The event name.</summary>
    public required string Name { get; init; }

    /// <summary>The payload of a RecordArrived event.</summary>
    public RecordArrived? Record { get; init; }

    /// <summary>The payload of a RecordsCompleted event.</summary>
    public RecordsCompleted? RecordsCompleted { get; init; }

    /// <summary>The payload of a DecisionSubmitted event.</summary>
    public DecisionSubmitted? Decision { get; init; }

    /// <summary>The payload of a CaseEnded event.</summary>
    public CaseEnded? Ended { get; init; }

    /// <summary>The payload of an InformationRequested event.</summary>
    public InformationRequested? Information { get; init; }

    /// <summary>The payload of a CaseExpedited event.</summary>
    public CaseExpedited? Expedited { get; init; }

    /// <summary>The payload of a ConflictStatement event.</summary>
    public ConflictStatement? Statement { get; init; }

    internal static CarriedEvent From(InboxItem item) => new()
    {
        Name = item.Name,
        Record = item.Payload as RecordArrived,
        RecordsCompleted = item.Payload as RecordsCompleted,
        Decision = item.Payload as DecisionSubmitted,
        Ended = item.Payload as CaseEnded,
        Information = item.Payload as InformationRequested,
        Expedited = item.Payload as CaseExpedited,
        Statement = item.Payload as ConflictStatement,
    };

    internal InboxItem ToItem() =>
        new(Name, (object?)Record ?? (object?)RecordsCompleted ?? (object?)Decision ?? (object?)Ended ?? (object?)Information ?? (object?)Expedited ?? Statement);
}
