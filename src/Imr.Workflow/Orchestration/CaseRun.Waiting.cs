using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>Waiting: the next event or deadline point, with the durable timers kept as few as possible.</summary>
internal sealed partial class CaseRun
{
    private async Task DeadlineNoticeAsync(string point, string recipient, string deadline, DateTimeOffset dueAt, bool escalate)
    {
        var level = _p.EscalationLevel + (escalate ? 1 : 0);
        await _context.CallDeadlineNoticeAsync(
            new DeadlineNoticeRequest(Step(point), escalate ? DeadlineNoticeKind.Escalation : DeadlineNoticeKind.Reminder, recipient, level, deadline, dueAt),
            _storage);
        _p = _p with { EscalationLevel = level, PointsDone = [.. _p.PointsDone, point] };
    }

    /// <summary>
    /// Waits for the next event or until the statutory instant <paramref name="at"/>, whichever comes first; null means
    /// the instant has come. A far deadline point gets no timer until the sweep says it is near (see
    /// <see cref="SetsTimer"/>); a timer an event beat is kept for the next wait (see <see cref="WaitKeepingTimerAsync"/>).
    /// DeadlineNear is taken here and never reaches a phase.
    /// </summary>
    private async Task<InboxItem?> NextAsync(CaseState state, string point, DateTimeOffset at)
    {
        Status(state, point, at);
        while (true)
        {
            var item = await WaitOnceAsync(point, at);
            if (item?.Name != CaseWorkflowContract.DeadlineNearEvent)
            {
                return item;
            }

            if (item.Payload is DeadlineNear near)
            {
                _p = _p with { NearUntil = Later(_p.NearUntil, near.DueAt) };
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                // Each one is history: handed to the phase, which ignores it, so the generation can end at its bound.
                return item;
            }
        }
    }

    private async Task<InboxItem?> WaitOnceAsync(string point, DateTimeOffset at)
    {
        if (_inbox.HasCarried)
        {
            // Handed back or carried in: it adds nothing to history, so it does not count toward the wake-up bound.
            // (Counting it would let a pile of set-aside events end every generation at once, before any timer is made.)
            return await _inbox.NextAsync(timer: null);
        }

        _wakeUps++;
        if (_inbox.HasEvent)
        {
            return await _inbox.NextAsync(timer: null);
        }

        return SetsTimer(point, at)
            ? await WaitKeepingTimerAsync(_timeline.RealAt(at))
            : await WaitWithoutNewTimerAsync(_timeline.RealAt(at));
    }

    /// <summary>
    /// Whether a wait for <paramref name="point"/> sets a durable timer. It does for a point the deadline
    /// index does not list (the assignment retry and the reassignment grace: the sweep could not say they are near), for
    /// every point of a case the sweep or a repair started again (its entries may have been announced to the run it
    /// replaces), a point within <see cref="WorkflowTiming.TimerHorizon"/> of now, and a point the sweep has said is near
    /// (<see cref="CaseProgress.NearUntil"/>). Any other point is days away; the case waits for events alone, and
    /// most cases are decided before then, so they never leave a timer message behind.
    /// </summary>
    private bool SetsTimer(string point, DateTimeOffset at) =>
        !CaseWorkflowContract.IsDeadlinePoint(point)
        || _input.Source is CaseWorkflowContract.RestartSource or CaseWorkflowContract.RepairSource
        || at <= _p.NearUntil
        || _timeline.RealAt(at) - _context.CurrentUtcDateTime <= _timing.TimerHorizon;

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } known && known > b ? known : b;

    /// <summary>
    /// The wait for a far point: events only. A kept timer that fires before the point is still waited on (it
    /// is a message already; when it fires the case wakes for nothing, counted, and waits on without it); one that would
    /// fire after the point cannot serve it and is cancelled.
    /// </summary>
    private async Task<InboxItem?> WaitWithoutNewTimerAsync(DateTime pointAt)
    {
        while (_kept is { } kept && !kept.Timer.IsCompleted && kept.FireAt <= pointAt)
        {
            var item = await _inbox.NextAsync(kept.Timer);
            if (item is not null)
            {
                return item;
            }

            _kept = null;
            _wakeUps++;
        }

        ReleaseKeptTimer();
        return await _inbox.NextAsync(timer: null);
    }

    /// <summary>
    /// The wait for a point that gets a timer. A timer an event beat stays outstanding and serves the next wait whose
    /// point is no earlier, so a case that moves on before its first point makes one timer, not one per wait. Why it
    /// matters: a durable timer is a queue message until it fires, cancelled or not (the Azure Storage provider never
    /// deletes it), and on Azurite every queue call costs more the more messages are stored (docs/benchmarks.md). The price is a wake-up for nothing when the kept timer fires before the point; the wait
    /// then goes on under a timer for the point itself, so it happens at most once a wait.
    /// </summary>
    private async Task<InboxItem?> WaitKeepingTimerAsync(DateTime fireAt)
    {
        while (true)
        {
            if (_kept is not { } kept || kept.Timer.IsCompleted || kept.FireAt > fireAt)
            {
                // A kept timer that would fire after this point cannot serve it: cancel it, so the SDK stops renewing a
                // long timer in steps (MaximumTimerInterval), and make one for this point.
                _kept?.Cancel();
                _kept = new KeptTimer(_context, fireAt);
            }

            var timer = _kept;
            var item = await _inbox.NextAsync(timer.Timer);
            if (item is not null)
            {
                return item;
            }

            _kept = null;
            if (timer.FireAt >= fireAt)
            {
                return null;
            }

            // An earlier wait's timer fired before this wait's point: a wake-up, counted, and the wait goes on.
            _wakeUps++;
        }
    }

    /// <summary>
    /// Cancels a kept timer when the execution ends (called once, from <see cref="RunAsync"/>'s finally): the Durable
    /// Task Framework keeps an instance Running until every timer it made has fired or been cancelled, so without this a
    /// case whose decision came while its kept timer was outstanding would return its outcome and never complete.
    /// </summary>
    private void ReleaseKeptTimer()
    {
        _kept?.Cancel();
        _kept = null;
    }

    private (string Point, DateTimeOffset At) NextPoint(params (string Point, DateTimeOffset? At)[] points)
    {
        foreach (var (point, at) in points)
        {
            if (at is { } when && !_p.PointsDone.Contains(point, StringComparer.Ordinal))
            {
                return (point, when);
            }
        }

        // The last point is the deadline itself; it is always set in its phase.
        var last = points[^1];
        return (last.Point, last.At ?? throw new InvalidOperationException($"Case {CaseNumber} has no {last.Point} deadline."));
    }
}
