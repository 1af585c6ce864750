namespace Imr.Workflow.Timing;

/// <summary>
/// How fast statutory time passes for one case, carried in the orchestration input so every replay sees the same numbers.
/// In production a statutory day is a real day; tests compress it so a 30-day review passes in seconds.
/// </summary>
/// <remarks>
/// Deadlines are always computed as real statutory instants (StatutoryClock); only the durable timers that wait for them
/// are scaled. See <see cref="StatutoryTimeline"/> for the mapping and docs/workflow.md for the rationale.
/// </remarks>
public sealed record WorkflowTiming
{
    /// <summary>Real time, as in production: one statutory day is 86,400 seconds.</summary>
    public static WorkflowTiming RealTime { get; } = new();

    /// <summary>Real seconds that stand for one statutory day (86,400 in production, e.g. 0.2 in tests).</summary>
    public double SecondsPerStatutoryDay { get; init; } = 86_400;

    /// <summary>Statutory days between attempts to assign a case that has no eligible reviewer.</summary>
    public double AssignmentRetryDays { get; init; } = 0.25;

    /// <summary>Failed assignment attempts between two escalations of an unassigned case (the first failure always escalates).</summary>
    public int UnassignedEscalateEvery { get; init; } = 4;

    /// <summary>Statutory days a replacement reviewer gets, after a missed determination deadline, before the next reassignment.</summary>
    public double OverdueGraceDays { get; init; } = 2;

    /// <summary>Real seconds before the first retry of a failed activity (storage outage); later retries back off.</summary>
    public double ActivityRetrySeconds { get; init; } = 5;

    /// <summary>How many times an activity that touches storage is tried before the case fails visibly.</summary>
    public int ActivityAttempts { get; init; } = 6;

    /// <summary>Wake-ups one orchestration generation handles before it continues as new, so history stays small.</summary>
    public int WakeUpsPerGeneration { get; init; } = 30;

    /// <summary>
    /// Real seconds ahead within which a wait for a deadline point sets a durable timer; null for the
    /// default, <see cref="TimerHorizon"/>. A point further away gets no timer: the escalation sweep, which must run more
    /// often than this, raises DeadlineNear when the point comes within it. Why: on the Azure Storage engine a timer is a
    /// queue message until it fires, even after the case has moved on, and most cases are decided long before their
    /// deadlines.
    /// </summary>
    public double? TimerHorizonSeconds { get; init; }

    /// <summary>
    /// The horizon in force: <see cref="TimerHorizonSeconds"/> when set; otherwise an hour on a real-time timeline, and
    /// unlimited (every wait sets its timer) on a compressed one, because the sweep reads real time and the deadline index
    /// holds statutory instants, so it could not tell when a compressed case's point is near.
    /// </summary>
    public TimeSpan TimerHorizon =>
        TimerHorizonSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
        : IsRealTime ? TimeSpan.FromHours(1)
        : TimeSpan.MaxValue;

    /// <summary>The longest horizon accepted: 30 days (a longer one is every timer set at once).</summary>
    public const double MaxTimerHorizonSeconds = 30 * 86_400;

    /// <summary>Whether a statutory day is a real day, so statutory and real instants are the same.</summary>
    public bool IsRealTime => SecondsPerStatutoryDay == 86_400;

    /// <summary>Throws when a value would make the timers meaningless.</summary>
    public void Validate()
    {
        if (!(SecondsPerStatutoryDay > 0) || double.IsInfinity(SecondsPerStatutoryDay))
        {
            throw new ArgumentOutOfRangeException(nameof(SecondsPerStatutoryDay), SecondsPerStatutoryDay, "Must be a positive number of seconds.");
        }

        if (!(AssignmentRetryDays > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AssignmentRetryDays), AssignmentRetryDays, "Must be positive.");
        }

        if (!(OverdueGraceDays > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(OverdueGraceDays), OverdueGraceDays, "Must be positive.");
        }

        if (TimerHorizonSeconds is { } horizon && (!(horizon > 0) || horizon > MaxTimerHorizonSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(TimerHorizonSeconds), TimerHorizonSeconds, "Must be a positive number of seconds, at most 30 days.");
        }

        if (UnassignedEscalateEvery < 1 || ActivityAttempts < 1 || WakeUpsPerGeneration < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UnassignedEscalateEvery), "Counts must be at least 1.");
        }
    }
}

/// <summary>
/// Maps between the orchestration's real clock and statutory time. Statutory time runs from <see cref="Anchor"/>
/// at <c>86400 / SecondsPerStatutoryDay</c> times real speed; with real-time settings the two are identical.
/// </summary>
/// <param name="Anchor">The real instant the case's workflow started; statutory and real time agree there.</param>
/// <param name="Timing">The compression in force.</param>
public sealed record StatutoryTimeline(DateTimeOffset Anchor, WorkflowTiming Timing)
{
    // Decimal, rounded to whole ticks: exact for the usual settings (0.1 s per day is not exact in binary), and the same
    // on every machine, which replays need.
    private decimal SecondsPerDay => (decimal)Timing.SecondsPerStatutoryDay;

    /// <summary>The statutory instant that corresponds to a real instant.</summary>
    public DateTimeOffset StatutoryAt(DateTime realUtc)
    {
        var real = new DateTimeOffset(DateTime.SpecifyKind(realUtc, DateTimeKind.Utc));
        return Anchor + TimeSpan.FromTicks((long)Math.Round((real - Anchor).Ticks * 86_400m / SecondsPerDay));
    }

    /// <summary>The real instant (UTC) at which a durable timer must fire to reach a statutory instant.</summary>
    public DateTime RealAt(DateTimeOffset statutory) =>
        (Anchor + TimeSpan.FromTicks((long)Math.Round((statutory - Anchor).Ticks * SecondsPerDay / 86_400m))).UtcDateTime;

    /// <summary>A statutory span of days as a statutory <see cref="TimeSpan"/>.</summary>
    public static TimeSpan Days(double days) => TimeSpan.FromDays(days);
}
