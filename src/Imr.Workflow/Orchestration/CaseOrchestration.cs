using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>
/// One case from intake to issued determination: accept, assign, wait for records, wait for the decision under deadline
/// timers, issue the letter. Deterministic: time comes from the context, every I/O is an activity. The phases run one
/// after another in one generation; after <see cref="WorkflowTiming.WakeUpsPerGeneration"/> wake-ups the case continues
/// as new, carrying <see cref="CaseProgress"/> in the input, so history stays small. It runs cases of workflow version
/// <see cref="CaseWorkflowContract.CurrentVersion"/> (the orchestration version the case started under).
/// </summary>
public sealed class CaseOrchestration : TaskOrchestrator<CaseWorkflowInput, CaseOutcome?>
{
    /// <inheritdoc />
    public override Task<CaseOutcome?> RunAsync(TaskOrchestrationContext context, CaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        // A host that hands every version to this class (the Functions app's one function per name) must not replay a
        // case of another version under this code: it fails loudly instead (docs/workflow.md, "Versioning").
        if (context.Version != CaseWorkflowContract.CurrentVersion)
        {
            throw new NotSupportedException(
                $"Case {input.CaseNumber} runs workflow version '{context.Version}'; this class runs {CaseWorkflowContract.CurrentVersion}.");
        }

        return new CaseRun(context, input).RunAsync();
    }
}

/// <summary>One generation of a case orchestration: the steps of the lifecycle, read top to bottom.</summary>
internal sealed class CaseRun
{
    private readonly TaskOrchestrationContext _context;
    private readonly CaseWorkflowInput _input;
    private readonly WorkflowTiming _timing;
    private readonly StatutoryTimeline _timeline;
    private readonly TaskOptions _storage;
    private readonly CaseInbox _inbox;
    private readonly List<InboxItem> _deferred = [];
    private CaseProgress _p;
    private KeptTimer? _kept;
    private int _wakeUps;
    private bool _continuedAsNew;

    public CaseRun(TaskOrchestrationContext context, CaseWorkflowInput input)
    {
        _context = context;
        _input = input;
        _timing = input.Timing ?? WorkflowTiming.RealTime;
        _timing.Validate();
        _p = input.Progress ?? new CaseProgress
        {
            Anchor = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc)),
            ElectronicNotice = input.ElectronicNotice,
        };
        _timeline = new StatutoryTimeline(_p.Anchor, _timing);
        _storage = TaskOptions.FromRetryPolicy(new RetryPolicy(
            _timing.ActivityAttempts,
            TimeSpan.FromSeconds(_timing.ActivityRetrySeconds),
            backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromMinutes(5)));
        _inbox = new CaseInbox(context, _p.Carried);
        _p = _p with { Carried = [] };
    }

    private DateTimeOffset Now => _timeline.StatutoryAt(_context.CurrentUtcDateTime);

    private CaseNumber CaseNumber => _input.CaseNumber;

    private StatutoryClock Clock => CasePolicies.ClockFor(_p.PolicyVersion);

    // The orchestration version the case started under, kept by the engine across ContinueAsNew.
    private string WorkflowVersion => _context.Version;

    public async Task<CaseOutcome?> RunAsync()
    {
        try
        {
            return await RunPhaseAsync();
        }
        catch (TaskFailedException failed)
        {
            // A step failed after all its retries: record it and tell operations, then fail visibly.
            var failure = $"{failed.TaskName}: {failed.FailureDetails.ErrorType}: {failed.FailureDetails.ErrorMessage}";
            try
            {
                await _context.CallReportFailureAsync(
                    new ReportFailureRequest(Step(Key("failed", _p.Generation)), failure.Length > 500 ? failure[..500] : failure),
                    _storage);
            }
            catch (TaskFailedException)
            {
                // Storage itself is down; the Failed runtime status still shows the case stopped.
            }

            throw;
        }
        finally
        {
            // However the execution ends (outcome, ContinueAsNew, failure), a kept timer must not outlive it.
            ReleaseKeptTimer();
        }
    }

    private async Task<CaseOutcome?> RunPhaseAsync()
    {
        if (_inbox.TakeCarried(CaseWorkflowContract.CaseEndedEvent) is { } ended)
        {
            // A case that ended while the previous generation was finishing ends before anything else happens; so does a
            // stuck case withdrawn by starting it again with the withdrawal carried in (CaseRepair), in any phase.
            return await EndAsync((CaseEnded)ended.Payload!);
        }

        // Phases follow one another in one generation; a generation ends only when it has woken up often enough
        // (WakeUpsPerGeneration), so a case that goes straight through is one generation, not one per phase.
        while (true)
        {
            var outcome = _p.Phase switch
            {
                CasePhase.Accepting => await AcceptAsync(),
                CasePhase.Assigning => await AssignAsync(),
                CasePhase.AwaitingRecords => await AwaitRecordsAsync(),
                CasePhase.UnderReview => await AwaitDecisionAsync(),
                _ => throw new InvalidOperationException($"Unknown phase {_p.Phase}."),
            };
            if (outcome is not null || _continuedAsNew)
            {
                return outcome;
            }
        }
    }

    // 1. Accept: validate the case file and the filing window.
    private async Task<CaseOutcome?> AcceptAsync()
    {
        Status(CaseState.Received);
        var accepted = await _context.CallAcceptCaseAsync(
            new AcceptCaseRequest(Step("accepted"), _input.Source, _input.CaseFilePath, _input.ContentHash),
            _storage);
        // The policy version comes from the activity's recorded result, so a replay under a newer build sees the old one.
        _p = _p with { PolicyVersion = accepted.PolicyVersion };
        if (accepted.Verdict != AcceptVerdict.Accepted)
        {
            var state = accepted.Verdict == AcceptVerdict.Rejected ? CaseState.Rejected : CaseState.Ineligible;
            return Finish(state, string.Join(" | ", accepted.Reasons));
        }

        return Advance(_p with
        {
            Phase = CasePhase.Assigning,
            Priority = accepted.Priority,
            Items = accepted.Items,
            ClaimsAdministrator = accepted.ClaimsAdministrator,
        });
    }

    // 2. Assign: the best eligible reviewer; if none, retry on a timer and escalate, waking early on RetryAssignment.
    private async Task<CaseOutcome?> AssignAsync()
    {
        while (true)
        {
            var found = await _context.CallFindReviewerAsync(
                new FindReviewerRequest(CaseNumber, PacificTime.DateOf(Now), _p.PreviousReviewerIds),
                _storage);
            if (found.ReviewerId is { } reviewerId)
            {
                var attempt = _p.Attempt + 1;
                var assignedAt = Now;
                var deadlines = Clock.Compute(_p.Priority, assignedAt, _p.ElectronicNotice, recordsReceived: null);
                await _context.CallRecordAssignmentAsync(
                    new RecordAssignmentRequest
                    {
                        Step = Step(Key("assigned", attempt)),
                        ReviewerId = reviewerId,
                        Attempt = attempt,
                        State = CaseState.AwaitingRecords,
                        Deadlines = deadlines,
                        PreviousReviewerIds = _p.PreviousReviewerIds,
                        EscalationLevel = _p.EscalationLevel,
                        AssignedAt = assignedAt,
                        RecordsFrom = _p.ClaimsAdministrator,
                        TableVersion = found.TableVersion,
                    },
                    _storage);
                return Advance(_p with
                {
                    Phase = CasePhase.AwaitingRecords,
                    ReviewerId = reviewerId,
                    Attempt = attempt,
                    AssignedAt = assignedAt,
                    Deadlines = deadlines,
                    FailedAssignmentAttempts = 0,
                });
            }

            var failed = _p.FailedAssignmentAttempts + 1;
            var escalate = failed == 1 || (failed - 1) % _timing.UnassignedEscalateEvery == 0;
            var level = _p.EscalationLevel + (escalate ? 1 : 0);
            var retryAt = Now + StatutoryTimeline.Days(_timing.AssignmentRetryDays);
            await _context.CallRecordUnassignedAsync(
                new RecordUnassignedRequest(Step(Key("unassigned", failed)), failed, level, escalate, found.Summary, retryAt),
                _storage);
            _p = _p with { FailedAssignmentAttempts = failed, EscalationLevel = level };

            // Wait until the retry is due or asked for; other events are handled (or kept) without a new attempt.
            while (true)
            {
                var item = await NextAsync(CaseState.Unassigned, "assignment-retry", retryAt);
                if (item is null)
                {
                    break;
                }

                if (item.Name == CaseWorkflowContract.RetryAssignmentEvent)
                {
                    _p = _p with { RetryRequests = _p.RetryRequests + 1 };
                    break;
                }

                if (item.Name == CaseWorkflowContract.CaseEndedEvent)
                {
                    return await EndAsync((CaseEnded)item.Payload!);
                }

                if (item.Name == CaseWorkflowContract.RecordArrivedEvent)
                {
                    await RecordArrivedAsync((RecordArrived)item.Payload!);
                }
                else if (item.Name == CaseWorkflowContract.DeadlineNearEvent)
                {
                    // Taken by NextAsync already (NearUntil); handed over only so the wake-up bound is checked.
                }
                else if (item.Name != CaseWorkflowContract.RecordsCompletedEvent || !_deferred.Exists(d => d.Name == item.Name))
                {
                    // Records completed or a decision before anyone is assigned: kept for the phase that handles it. One
                    // RecordsCompleted is enough (the later ones would be ignored), so repeats cannot pile up.
                    _deferred.Add(item);
                }

                if (_wakeUps >= _timing.WakeUpsPerGeneration)
                {
                    return ContinueAsNew(_p);
                }
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    // 3. Wait for records: each record recorded once; completion or the due date starts the review clock.
    private async Task<CaseOutcome?> AwaitRecordsAsync()
    {
        while (true)
        {
            var d = _p.Deadlines;
            var (point, at) = NextPoint(
                ("records-reminder", d.RecordsReminder),
                ("records-escalation", d.RecordsEscalation),
                ("records-due", d.RecordsDue));
            var item = await NextAsync(CaseState.AwaitingRecords, point, at);
            switch (item?.Name)
            {
                case null when point == "records-due":
                    return await StartReviewAsync(at, "records due date passed");
                case null:
                    await DeadlineNoticeAsync(point, _p.ClaimsAdministrator, "records-due", d.RecordsDue!.Value, escalate: point == "records-escalation");
                    break;
                case CaseWorkflowContract.RecordArrivedEvent:
                    await RecordArrivedAsync((RecordArrived)item.Payload!);
                    break;
                case CaseWorkflowContract.RecordsCompletedEvent:
                    return await StartReviewAsync(Now, "records complete");
                case CaseWorkflowContract.CaseEndedEvent:
                    return await EndAsync((CaseEnded)item.Payload!);
                case CaseWorkflowContract.DecisionSubmittedEvent:
                    // A decision before the records are in waits for the review phase.
                    _deferred.Add(item);
                    break;
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    private async Task<CaseOutcome?> StartReviewAsync(DateTimeOffset receivedAt, string reason)
    {
        var deadlines = Clock.Compute(_p.Priority, _p.AssignedAt, _p.ElectronicNotice, receivedAt);
        await _context.CallStartReviewAsync(new StartReviewRequest(Step("review-started"), receivedAt, deadlines, reason, _p.ReviewerId), _storage);
        return Advance(_p with { Phase = CasePhase.UnderReview, RecordsReceivedAt = receivedAt, Deadlines = deadlines });
    }

    // 4. Wait for the decision: reminder, escalation, reassignment at the deadline; 5. refuse invalid decisions.
    private async Task<CaseOutcome?> AwaitDecisionAsync()
    {
        while (true)
        {
            var d = _p.Deadlines;
            var (point, at) = _p.ReassignAt is { } reassignAt
                ? ("reassignment-due", reassignAt)
                : NextPoint(
                    ("determination-reminder", d.DeterminationReminder),
                    ("determination-escalation", d.DeterminationEscalation),
                    ("determination-due", d.DeterminationDue));
            var item = await NextAsync(CaseState.UnderReview, point, at);
            switch (item?.Name)
            {
                case null when point is "determination-due" or "reassignment-due":
                    return await ReassignAsync();
                case null:
                    await DeadlineNoticeAsync(point, $"reviewer:{_p.ReviewerId}", "determination-due", d.DeterminationDue!.Value, escalate: point == "determination-escalation");
                    break;
                case CaseWorkflowContract.DecisionSubmittedEvent:
                    var submitted = (DecisionSubmitted)item.Payload!;
                    var problems = DecisionCheck.Problems(submitted.Decision, _p.ReviewerId, _p.Items);
                    if (problems.Count == 0)
                    {
                        return await IssueAsync(submitted);
                    }

                    var refused = _p.RefusedDecisions + 1;
                    await _context.CallRefuseDecisionAsync(
                        new RefuseDecisionRequest(Step(Key("decision-refused", refused)), submitted.Decision?.ReviewerId ?? "unknown", problems.Select(p => p.ToString()).ToList()),
                        _storage);
                    _p = _p with { RefusedDecisions = refused };
                    break;
                case CaseWorkflowContract.RecordArrivedEvent:
                    await RecordArrivedAsync((RecordArrived)item.Payload!);
                    break;
                case CaseWorkflowContract.CaseEndedEvent:
                    return await EndAsync((CaseEnded)item.Payload!);
            }

            if (_wakeUps >= _timing.WakeUpsPerGeneration)
            {
                return ContinueAsNew(_p);
            }
        }
    }

    // At the deadline: a different eligible reviewer gets the case, the clock keeps running, the reason is recorded.
    private async Task<CaseOutcome?> ReassignAsync()
    {
        var current = _p.ReviewerId!;
        var excluded = _p.PreviousReviewerIds.Append(current).Distinct(StringComparer.Ordinal).ToList();
        var level = _p.EscalationLevel + 1;
        var due = _p.Deadlines.DeterminationDue!.Value;
        var found = await _context.CallFindReviewerAsync(new FindReviewerRequest(CaseNumber, PacificTime.DateOf(Now), excluded), _storage);
        if (found.ReviewerId is not { } next)
        {
            // Nobody else is eligible: the current reviewer keeps the case, operations are told, and we try again later.
            var failed = _p.FailedAssignmentAttempts + 1;
            await _context.CallDeadlineNoticeAsync(
                new DeadlineNoticeRequest(Step(Key("reassignment-failed", failed)), DeadlineNoticeKind.Escalation, $"reviewer:{current}", level, "determination-due", due),
                _storage);
            return Advance(_p with
            {
                EscalationLevel = level,
                FailedAssignmentAttempts = failed,
                ReassignAt = Now + StatutoryTimeline.Days(_timing.AssignmentRetryDays),
            });
        }

        var reason = _p.ReassignAt is null
            ? string.Create(CultureInfo.InvariantCulture, $"determination due {due:O} passed without a decision from {current}")
            : string.Create(CultureInfo.InvariantCulture, $"grace period after the missed deadline ended without a decision from {current}");
        await _context.CallReleaseAssignmentAsync(new ReleaseAssignmentRequest(Step(Key("released", _p.Attempt)), current, _p.Attempt, reason), _storage);
        var attempt = _p.Attempt + 1;
        await _context.CallRecordAssignmentAsync(
            new RecordAssignmentRequest
            {
                Step = Step(Key("assigned", attempt)),
                ReviewerId = next,
                Attempt = attempt,
                State = CaseState.UnderReview,
                Deadlines = _p.Deadlines,
                PreviousReviewerIds = excluded,
                EscalationLevel = level,
                AssignedAt = _p.AssignedAt ?? Now,
                Reason = reason,
                TableVersion = found.TableVersion,
            },
            _storage);
        return Advance(_p with
        {
            ReviewerId = next,
            Attempt = attempt,
            PreviousReviewerIds = excluded,
            EscalationLevel = level,
            FailedAssignmentAttempts = 0,
            ReassignAt = Now + StatutoryTimeline.Days(_timing.OverdueGraceDays),
        });
    }

    // 6. Issue the determination.
    private async Task<CaseOutcome?> IssueAsync(DecisionSubmitted submitted)
    {
        var issued = await _context.CallIssueDeterminationAsync(
            new IssueDeterminationRequest
            {
                Step = Step("determined"),
                ReviewerId = _p.ReviewerId!,
                Attempt = _p.Attempt,
                Decision = submitted.Decision,
                CaseAssignedAt = _p.Anchor,
            },
            _storage);
        var outcome = Finish(CaseState.Determined, reason: null);
        return outcome with { Determination = issued.Summary, LetterTextPath = issued.TextPath, LetterPdfPath = issued.PdfPath };
    }

    // 7. End early: withdrawn or treatment authorized.
    private async Task<CaseOutcome?> EndAsync(CaseEnded ended)
    {
        await _context.CallEndCaseAsync(new EndCaseRequest(Step("terminated"), ended, _p.ReviewerId, _p.Attempt), _storage);
        return Finish(CaseState.Terminated, $"{ended.Reason}: {ended.Detail}");
    }

    private async Task RecordArrivedAsync(RecordArrived record)
    {
        var key = $"{record.FileName}|{record.ContentHash}";
        if (_p.RecordKeys.Contains(key, StringComparer.Ordinal))
        {
            return;
        }

        await _context.CallRecordArrivalAsync(new RecordArrivalRequest(Step(RecordStepKey(record)), record), _storage);
        _p = _p with { RecordKeys = [.. _p.RecordKeys, key] };
    }

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

    /// <summary>
    /// Moves to the next step of the lifecycle in this generation. Events a phase kept for a later one go back to the
    /// front of the inbox, where the next phase finds them before it waits.
    /// </summary>
    private CaseOutcome? Advance(CaseProgress next)
    {
        if (_wakeUps >= _timing.WakeUpsPerGeneration)
        {
            return ContinueAsNew(next);
        }

        _p = next;
        _inbox.PutBack(_deferred);
        _deferred.Clear();
        return null;
    }

    private CaseOutcome? ContinueAsNew(CaseProgress next)
    {
        _continuedAsNew = true;
        // Events received but not handled travel in the input, not through the engine's own forwarding (see CaseInbox).
        // A DeadlineNear is not carried as an event: what it says is carried in NearUntil.
        var drained = _inbox.Drain();
        var nearUntil = drained.Select(i => i.Payload).OfType<DeadlineNear>()
            .Aggregate(next.NearUntil, (until, near) => Later(until, near.DueAt));
        var carried = _deferred.Concat(drained.Where(i => i.Name != CaseWorkflowContract.DeadlineNearEvent)).Select(CarriedEvent.From).ToList();
        _p = next with { Generation = next.Generation + 1, Carried = carried, NearUntil = nearUntil };
        _context.ContinueAsNew(_input with { Progress = _p }, preserveUnprocessedEvents: true);
        return null;
    }

    private CaseOutcome Finish(CaseState state, string? reason)
    {
        Status(state);
        return new CaseOutcome
        {
            CaseNumber = CaseNumber,
            State = state,
            Reason = reason,
            ReviewerId = _p.ReviewerId,
            EscalationLevel = _p.EscalationLevel,
            Generations = _p.Generation + 1,
        };
    }

    private void Status(CaseState state, string? point = null, DateTimeOffset? at = null) =>
        _context.SetCustomStatus(new CaseStatus
        {
            State = state,
            ReviewerId = _p.ReviewerId,
            EscalationLevel = _p.EscalationLevel,
            Deadlines = _p.Deadlines,
            NextPoint = point,
            NextPointAt = at,
            WorkflowVersion = WorkflowVersion,
            PolicyVersion = _p.PolicyVersion,
        });

    // The step watermark (see StepOrder): an explicit count, not the step's instant alone. Episodes may be stamped by
    // different hosts' clocks (a killed host's partition moves), so a newer step could carry an earlier instant, and two
    // steps can share one. The count restarts with every execution (this class is built anew for each replay), so it is
    // deterministic and needs nothing new in CaseProgress: the generation and the anchor are already carried, and the
    // execution's first-step instant separates a restarted execution from the one it replaces.
    private DateTimeOffset? _firstStepAt;
    private int _steps;

    private CaseStep Step(string key)
    {
        var now = Now;
        _firstStepAt ??= now;
        return new(CaseNumber, key, now, _p.PolicyVersion, WorkflowVersion)
        {
            Order = new StepOrder(_p.Anchor, _p.Generation, _firstStepAt.Value, _steps++),
        };
    }

    private static string Key(string name, int number) => string.Create(CultureInfo.InvariantCulture, $"{name}:{number}");

    // Audit ids become table keys: keep only safe characters of the file name, and the hash that makes it unique.
    private static string RecordStepKey(RecordArrived record)
    {
        var safe = new string(record.FileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        var hash = record.ContentHash.Length > 16 ? record.ContentHash[..16] : record.ContentHash;
        return $"record:{hash}:{safe}";
    }
}

/// <summary>A durable timer kept across waits, with the instant it fires.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The source never has a timeout, so disposing it frees nothing; a kept timer normally outlives the orchestration's last step.")]
internal sealed class KeptTimer
{
    private readonly CancellationTokenSource _cancel = new();

    public KeptTimer(TaskOrchestrationContext context, DateTime fireAt)
    {
        FireAt = fireAt;
        Timer = context.CreateTimer(fireAt, _cancel.Token);
    }

    public DateTime FireAt { get; }

    public Task Timer { get; }

    /// <summary>
    /// Cancels synchronously, inside the orchestrator's episode (CancelAsync would run on the thread pool, outside it).
    /// </summary>
    public void Cancel()
    {
#pragma warning disable CA1849 // Call async methods when in an async method
        _cancel.Cancel();
#pragma warning restore CA1849
    }
}
