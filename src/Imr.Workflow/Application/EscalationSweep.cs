using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Ports;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>
/// The timer's sweep over the deadline index. Tells cases when a deadline comes within the timer horizon (a case
/// waits for that before it sets a durable timer), escalates each overdue case once per level (running it twice does no harm:
/// the notice and audit entry have fixed ids, and the level only rises), nudges unassigned cases to try again,
/// and finds stuck cases, with or without deadline entries: a case whose orchestration failed, ended or reports another
/// state than the case row is marked stuck and reported, a missing orchestration is started again.
/// </summary>
public sealed class EscalationSweep(
    DurableTaskClient client,
    ICaseIndex index,
    ICaseFileStore files,
    IAuditTrail audit,
    INotificationQueue notifications,
    TimeProvider time,
    CaseStartSettings settings,
    ILogger<EscalationSweep> log)
{
    /// <summary>Who escalations and operational reports go to.</summary>
    public const string OperationsRecipient = "operations";

    /// <summary>
    /// How long past a deadline the sweep leaves a case to its orchestration, whose own durable timers act at the deadline;
    /// the sweep is the backstop for a case whose orchestration did not.
    /// </summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(15);

    /// <summary>Runs one sweep, with <see cref="DefaultGrace"/> as the backstop's grace.</summary>
    public Task<SweepReport> RunAsync(CancellationToken cancellationToken = default) => RunAsync(DefaultGrace, cancellationToken);

    /// <summary>
    /// Runs one sweep: tells each case once that a deadline has come within the timer horizon
    /// (DeadlineNear), and acts as the backstop on everything more than <paramref name="grace"/> overdue.
    /// </summary>
    public async Task<SweepReport> RunAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var overdueBefore = now - grace;
        var listed = await index.FindDueAsync(now + LookAhead, cancellationToken).ConfigureAwait(false);
        var report = new SweepReport { Due = listed.Count(e => e.DueAt < overdueBefore) };
        var instances = new Dictionary<CaseNumber, OrchestrationMetadata?>();
        var checkedInstances = new HashSet<CaseNumber>();
        var retold = new HashSet<CaseNumber>();
        foreach (var entry in listed.OrderBy(d => d.DueAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var overdue = entry.DueAt < overdueBefore;
            if (!overdue && entry.NearRaised)
            {
                continue;
            }

            var found = await index.GetAsync(entry.CaseNumber, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                continue;
            }

            // An entry the case no longer has (closed since, or left behind by an interrupted write) is cleared, not acted on.
            // A closed case has no entries, so every entry of one is dropped here.
            if (await index.DropIfStaleAsync(entry, found.Case, cancellationToken).ConfigureAwait(false))
            {
                report.Dropped++;
                continue;
            }

            if (!overdue)
            {
                // Near, not yet due: only a running case is told; a case whose orchestration is not running is left to the
                // backstop once the entry is overdue.
                if (IsRunning(await InstanceAsync(instances, entry.CaseNumber, cancellationToken).ConfigureAwait(false)))
                {
                    await TellNearAsync(entry.CaseNumber, new DeadlineNear(entry.Deadline, entry.DueAt), entry, report, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var instance = await InstanceAsync(instances, entry.CaseNumber, cancellationToken).ConfigureAwait(false);
            if (checkedInstances.Add(entry.CaseNumber) && !await CheckOrchestrationAsync(found.Case, instance, report, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (IsRunning(instance))
            {
                if (!entry.NearRaised)
                {
                    await TellNearAsync(entry.CaseNumber, new DeadlineNear(entry.Deadline, entry.DueAt), entry, report, cancellationToken).ConfigureAwait(false);
                }
                else if (retold.Add(entry.CaseNumber) && await StuckPointAsync(entry.CaseNumber, overdueBefore, cancellationToken).ConfigureAwait(false) is { } stuck)
                {
                    // Told already, yet the case still waits for a point past the grace: the news was lost.
                    if (await TellNearAsync(entry.CaseNumber, stuck, entry: null, report, cancellationToken).ConfigureAwait(false))
                    {
                        report.Retold++;
                    }
                }
            }

            if (found.Case.State == CaseState.Unassigned)
            {
                await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(entry.CaseNumber), CaseWorkflowContract.RetryAssignmentEvent, cancellation: cancellationToken)
                    .ConfigureAwait(false);
                report.AssignmentRetries++;
            }

            var level = LevelFor(entry.Deadline);
            if (level > found.Case.EscalationLevel)
            {
                await EscalateAsync(found.Case, entry, level, now, cancellationToken).ConfigureAwait(false);
                log.SweepEscalated(entry.CaseNumber, level, entry.Deadline);
                report.Escalated++;
            }
        }

        await WatchOpenCasesAsync(checkedInstances, report, now, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// How long a case row must have stood unchanged before the sweep counts its missing orchestration, or its
    /// orchestration's different state when the row has not missed a step (<see cref="CaseRepair.MissedStep"/>), as
    /// stuck: a step that wrote the row and then failed is retried (all its tries take
    /// <see cref="WorkflowTiming.ActivityRetrySeconds"/> doubling, at most five minutes apart), and after a host crash the
    /// engine hands the work to another after its five-minute message visibility timeout. A failed or ended orchestration
    /// is stuck at once.
    /// </summary>
    public TimeSpan SettleTime
    {
        get
        {
            var timing = settings.Timing ?? WorkflowTiming.RealTime;
            var retries = TimeSpan.Zero;
            for (var attempt = 0; attempt < timing.ActivityAttempts - 1; attempt++)
            {
                var wait = TimeSpan.FromSeconds(timing.ActivityRetrySeconds * Math.Pow(2, attempt));
                retries += wait < TimeSpan.FromMinutes(5) ? wait : TimeSpan.FromMinutes(5);
            }

            return retries + TimeSpan.FromMinutes(5);
        }
    }

    /// <summary>
    /// Compares every open case with its orchestration (one query over the case rows, one read of each orchestration with
    /// its custom status), so a stuck case is found at the first sweep after it got stuck, whether or not it has a
    /// deadline entry (a case that failed before its assignment has none). A stuck case is marked on its row
    /// (<see cref="Case.Stuck"/>, listed by <c>GET /cases?state=Stuck</c>) and reported to operations once a day; a case
    /// that runs in agreement again loses its mark. A missing orchestration is started again, as for an overdue entry.
    /// Nothing is retried blindly: staff retry a stuck case once its cause is fixed, or withdraw it (CaseRepair).
    /// </summary>
    private async Task WatchOpenCasesAsync(HashSet<CaseNumber> checkedAlready, SweepReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settledBefore = now - SettleTime;
        foreach (var row in await index.FindOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            report.Watched++;
            var instance = await client.GetInstanceAsync(CaseWorkflowContract.InstanceId(row.CaseNumber), getInputsAndOutputs: true, cancellationToken)
                .ConfigureAwait(false);
            var stuck = CaseRepair.Examine(row, instance);
            if (stuck is null)
            {
                if (row.Stuck is not null)
                {
                    await index.UpdateAsync(row.CaseNumber, c => c.Stuck is null ? null : c with { Stuck = null }, cancellationToken).ConfigureAwait(false);
                    report.Unstuck++;
                }

                continue;
            }

            // A row that missed a step's write is stuck at once; other disagreements may be a step still trying.
            var settles = stuck.Reason is "OrchestrationMissing" || (stuck.Reason is "StateDisagrees" && !CaseRepair.MissedStep(row, instance));
            if (settles && row.UpdatedAt > settledBefore)
            {
                continue;
            }

            if (instance is null)
            {
                // Started again (or reported, without a case file) like a missing orchestration behind an overdue entry.
                if (!checkedAlready.Contains(row.CaseNumber))
                {
                    await CheckOrchestrationAsync(row, instance, report, now, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            report.Stuck++;
            if (row.Stuck?.Reason != stuck.Reason)
            {
                await index.UpdateAsync(
                    row.CaseNumber,
                    c => CaseStates.IsClosed(c.State) || c.Stuck?.Reason == stuck.Reason ? null : c with { Stuck = stuck with { Since = now } },
                    cancellationToken).ConfigureAwait(false);
            }

            // A case the deadline pass reported already (its orchestration stopped) is not reported twice.
            if (!checkedAlready.Contains(row.CaseNumber))
            {
                await ReportAsync(row, stuck.Reason, stuck.Detail, now, cancellationToken).ConfigureAwait(false);
                report.Reported++;
            }
        }
    }

    /// <summary>
    /// How far ahead the sweep looks for deadlines to announce: the timer horizon of real-time cases. None on a compressed
    /// timeline: the index holds statutory instants and the sweep reads real time, so it cannot tell when such a case's
    /// point is near (those cases set every timer themselves unless a test sets a horizon; see WorkflowTiming.TimerHorizon).
    /// </summary>
    private TimeSpan LookAhead
    {
        get
        {
            var timing = settings.Timing ?? WorkflowTiming.RealTime;
            return timing.IsRealTime ? timing.TimerHorizon : TimeSpan.Zero;
        }
    }

    // Suspended is left out: an operator paused it, and news would only pile up in its history until it resumes.
    private static bool IsRunning(OrchestrationMetadata? instance) =>
        instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending;

    /// <summary>The case's orchestration as read once in this sweep (without inputs and outputs), or null when it has none.</summary>
    private async Task<OrchestrationMetadata?> InstanceAsync(Dictionary<CaseNumber, OrchestrationMetadata?> read, CaseNumber caseNumber, CancellationToken cancellationToken)
    {
        if (!read.TryGetValue(caseNumber, out var instance))
        {
            instance = await client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            read[caseNumber] = instance;
        }

        return instance;
    }

    /// <summary>
    /// The deadline point a running case says (in its custom status, read only here) it waits for, when that point is past
    /// <paramref name="overdueBefore"/>. Other points (assignment retry, reassignment grace) have timers of their own.
    /// </summary>
    private async Task<DeadlineNear?> StuckPointAsync(CaseNumber caseNumber, DateTimeOffset overdueBefore, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var status = instance?.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<CaseStatus>();
        return status is { NextPoint: { } point, NextPointAt: { } at } && at < overdueBefore && CaseWorkflowContract.IsDeadlinePoint(point)
            ? new DeadlineNear(point, at)
            : null;
    }

    /// <summary>
    /// Raises DeadlineNear, then notes on the entry (when there is one) that it was raised, so each entry is announced
    /// once; raised twice, after a sweep that stopped between the two steps, it does no harm. A raise that fails is
    /// counted and left unnoted, so the next sweep tries again, and the sweep goes on with the other entries.
    /// </summary>
    /// <returns>Whether the engine took the event.</returns>
    private async Task<bool> TellNearAsync(CaseNumber caseNumber, DeadlineNear near, DueCase? entry, SweepReport report, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(caseNumber), CaseWorkflowContract.DeadlineNearEvent, near, cancellation: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The instance ended or vanished since it was read, or the engine refused: one entry must not stop the sweep.
            report.NearFailed++;
            return false;
        }

        report.NearRaised++;
        if (entry is not null)
        {
            await index.MarkNearRaisedAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// The escalation level a passed deadline stands for: a reminder point is not an escalation (the orchestration sends
    /// reminders), an escalation point is level 1, a missed statutory deadline level 2.
    /// </summary>
    public static int LevelFor(string deadline) =>
        deadline switch
        {
            _ when deadline.EndsWith("Reminder", StringComparison.OrdinalIgnoreCase) => 0,
            _ when deadline.EndsWith("Escalation", StringComparison.OrdinalIgnoreCase) => 1,
            _ when deadline.EndsWith("Due", StringComparison.OrdinalIgnoreCase) => 2,
            _ => 1,
        };

    private async Task EscalateAsync(Case @case, DueCase entry, int level, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Notice and audit first, with fixed ids: if the sweep dies before raising the level, the next one repeats them harmlessly.
        var id = $"{@case.CaseNumber}-escalation-{entry.Deadline}-L{level}";
        await notifications.SendAsync(
            new Notification
            {
                Id = id,
                CaseNumber = @case.CaseNumber,
                At = now,
                Notices =
                [
                    new Notice
                    {
                        Id = id,
                        Kind = "Escalation",
                        Recipient = OperationsRecipient,
                        Reference = $"/api/cases/{@case.CaseNumber}",
                        Detail = $"level {level}: {entry.Deadline} was due {entry.DueAt:O}; state {@case.State}",
                    },
                ],
            },
            cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(
            new AuditEntry
            {
                Id = id,
                CaseNumber = @case.CaseNumber,
                Actor = "timer",
                Action = "Escalated",
                At = now,
                Detail = $"level {level}; {entry.Deadline} due {entry.DueAt:O}",
                PolicyVersion = @case.PolicyVersion,
                WorkflowVersion = @case.WorkflowVersion,
            },
            cancellationToken).ConfigureAwait(false);
        await index.UpdateAsync(
            @case.CaseNumber,
            current => current.EscalationLevel >= level ? null : current with { EscalationLevel = level, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the case's orchestration is there to act on; false when it failed (reported) or was missing (restarted).</summary>
    private async Task<bool> CheckOrchestrationAsync(Case @case, OrchestrationMetadata? instance, SweepReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (instance is null)
        {
            var caseFile = await files.ReadCaseFileAsync(@case.CaseNumber, cancellationToken).ConfigureAwait(false);
            if (caseFile is null)
            {
                await ReportAsync(@case, "OrchestrationMissing", "no orchestration and no stored case file", now, cancellationToken).ConfigureAwait(false);
                report.Reported++;
                return false;
            }

            await client.ScheduleNewOrchestrationInstanceAsync(
                CaseWorkflowContract.OrchestrationName,
                new CaseWorkflowInput
                {
                    CaseNumber = @case.CaseNumber,
                    Source = CaseWorkflowContract.RestartSource,
                    CaseFilePath = caseFile.Path,
                    ContentHash = caseFile.ContentHash ?? @case.ContentHash ?? ApplicationJson.Sha256(caseFile.Content.Span),
                    ReceivedAt = @case.CreatedAt,
                    Timing = settings.Timing,
                    ElectronicNotice = settings.ElectronicNotice,
                },
                CaseWorkflowContract.StartOptions(@case.CaseNumber),
                cancellationToken).ConfigureAwait(false);
            await ReportAsync(@case, "OrchestrationRestarted", "the case had no orchestration; started it again", now, cancellationToken).ConfigureAwait(false);
            report.Restarted++;
            return false;
        }

        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed)
        {
            // The orchestration ended but the case is still open: someone must look (a retry could repeat assignments).
            await ReportAsync(@case, "OrchestrationStopped", $"orchestration {instance.RuntimeStatus} while the case is {@case.State}", now, cancellationToken)
                .ConfigureAwait(false);
            report.Reported++;
            return false;
        }

        return true;
    }

    private async Task ReportAsync(Case @case, string action, string detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One report per case, action and day, so a stuck case is reported daily rather than every five minutes.
        var id = $"{@case.CaseNumber}-{action}-{now:yyyyMMdd}";
        await notifications.SendAsync(
            new Notification { Id = id, CaseNumber = @case.CaseNumber, At = now, Notices = [new Notice { Id = id, Kind = "Escalation", Recipient = OperationsRecipient, Detail = detail }] },
            cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(
            new AuditEntry { Id = id, CaseNumber = @case.CaseNumber, Actor = "timer", Action = action, At = now, Detail = detail, WorkflowVersion = @case.WorkflowVersion },
            cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What one sweep did.</summary>
public sealed class SweepReport
{
    /// <summary>Deadline entries overdue (past the grace period).</summary>
    public int Due { get; init; }

    /// <summary>DeadlineNear events raised: cases told that a deadline has come within the timer horizon (or told again).</summary>
    public int NearRaised { get; set; }

    /// <summary>Cases told again because they still waited for a point past the grace period after they were told.</summary>
    public int Retold { get; set; }

    /// <summary>DeadlineNear events the engine refused; their entries are tried again by the next sweep.</summary>
    public int NearFailed { get; set; }

    /// <summary>Escalations raised now.</summary>
    public int Escalated { get; set; }

    /// <summary>Unassigned cases told to try assignment again.</summary>
    public int AssignmentRetries { get; set; }

    /// <summary>Cases whose missing orchestration was started again.</summary>
    public int Restarted { get; set; }

    /// <summary>Cases reported to operations (failed or unrecoverable orchestrations).</summary>
    public int Reported { get; set; }

    /// <summary>Open cases compared with their orchestrations.</summary>
    public int Watched { get; set; }

    /// <summary>Open cases found stuck (orchestration failed or ended, or its state not the row's), marked on their rows.</summary>
    public int Stuck { get; set; }

    /// <summary>Cases marked stuck earlier that run in agreement again, their mark cleared.</summary>
    public int Unstuck { get; set; }

    /// <summary>Stale deadline entries deleted: their case no longer has them (closed, or a write stopped before deleting them).</summary>
    public int Dropped { get; set; }
}
