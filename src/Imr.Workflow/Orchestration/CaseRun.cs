using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>One generation of a case orchestration: the steps of the lifecycle, read top to bottom.</summary>
internal sealed partial class CaseRun
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
                CasePhase.NoticeOfAssignment => await NotifyAssignmentAsync(),
                CasePhase.Assigning => await AssignAsync(),
                CasePhase.AwaitingRecords => await AwaitRecordsAsync(),
                CasePhase.UnderReview => await AwaitDecisionAsync(),
                CasePhase.Remand => await RemandAsync(),
                _ => throw new InvalidOperationException($"Unknown phase {_p.Phase}."),
            };
            if (outcome is not null || _continuedAsNew)
            {
                return outcome;
            }
        }
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
            LastStep = _lastStep,
        });

    // The step watermark (see StepOrder): an explicit count, not the step's instant alone. Episodes may be stamped by
    // different hosts' clocks (a killed host's partition moves), so a newer step could carry an earlier instant, and two
    // steps can share one. The count restarts with every execution (this class is built anew for each replay), so it is
    // deterministic and needs nothing new in CaseProgress: the generation and the anchor are already carried, and the
    // execution's first-step instant separates a restarted execution from the one it replaces.
    private DateTimeOffset? _firstStepAt;
    private int _steps;
    private StepOrder? _lastStep;

    private CaseStep Step(string key)
    {
        // A remanded review's steps repeat the first review's keys ("determined", "review-started"): the generation keeps
        // their audit and notification ids apart (LC § 4610.6(i)).
        key = _input.Remand is { } remand ? string.Create(CultureInfo.InvariantCulture, $"g{remand.Generation}:{key}") : key;
        var now = Now;
        _firstStepAt ??= now;
        _lastStep = new StepOrder(_p.Anchor, _p.Generation, _firstStepAt.Value, _steps++);
        return new(CaseNumber, key, now, _p.PolicyVersion, WorkflowVersion) { Order = _lastStep };
    }

    private static string Key(string name, int number) => string.Create(CultureInfo.InvariantCulture, $"{name}:{number}");
}
