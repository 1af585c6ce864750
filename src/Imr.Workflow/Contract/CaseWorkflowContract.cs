using System.Text.Json.Serialization;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Timing;

namespace Imr.Workflow.Contract;

/// <summary>
/// The names and payloads that hosts (Functions, Local) and the case orchestration agree on.
/// Hosts start and signal cases only through these, so the orchestration can change without touching them.
/// </summary>
public static class CaseWorkflowContract
{
    /// <summary>The orchestration that runs one case from intake to determination.</summary>
    public const string OrchestrationName = "CaseOrchestration";

    /// <summary>
    /// The first version: each wait makes its own durable timer and cancels it when an event comes first. Cases accepted
    /// under it finish under it (docs/workflow.md, "Versioning").
    /// </summary>
    public const string TimerPerWaitVersion = "1.0";

    /// <summary>
    /// The second version: a timer that an event beat is kept for the case's next wait when it fires no later than that
    /// wait's point, instead of a new timer per wait (docs/workflow.md, "Timers").
    /// </summary>
    public const string KeptTimerVersion = "1.1";

    /// <summary>
    /// The workflow version new cases start under. Since 1.2 a wait for a deadline point that is further away than
    /// <see cref="WorkflowTiming.TimerHorizon"/> makes no durable timer: the escalation sweep raises
    /// <see cref="DeadlineNearEvent"/> when the point comes within that horizon, and the case then sets its timer
    /// (docs/workflow.md, "Timers").
    /// </summary>
    public const string CurrentVersion = "1.2";

    /// <summary>The workflow versions this build can run (in-flight cases keep the version they were accepted under).</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = [TimerPerWaitVersion, KeptTimerVersion, CurrentVersion];

    /// <summary>
    /// Whether a point a case waits for (as its custom status names it) is one of the deadline index's, which the sweep
    /// announces; the others (assignment retry, reassignment grace) always have a timer.
    /// </summary>
    public static bool IsDeadlinePoint(string point) =>
        point is "records-reminder" or "records-escalation" or "records-due"
            or "determination-reminder" or "determination-escalation" or "determination-due";

    /// <summary>Whether cases of <paramref name="workflowVersion"/> wait for the sweep's <see cref="DeadlineNearEvent"/> before a far deadline.</summary>
    public static bool WaitsForDeadlineNear(string? workflowVersion) =>
        Version.TryParse(workflowVersion, out var version) && version >= new Version(1, 2);

    /// <summary>Raised when a medical record arrives (payload <see cref="RecordArrived"/>).</summary>
    public const string RecordArrivedEvent = "RecordArrived";

    /// <summary>Raised when the claims administrator marks the records complete (payload <see cref="RecordsCompleted"/>).</summary>
    public const string RecordsCompletedEvent = "RecordsCompleted";

    /// <summary>Raised when a reviewer submits a decision (payload <see cref="DecisionSubmitted"/>).</summary>
    public const string DecisionSubmittedEvent = "DecisionSubmitted";

    /// <summary>Raised when the application is withdrawn or the treatment authorized (payload <see cref="CaseEnded"/>).</summary>
    public const string CaseEndedEvent = "CaseEnded";

    /// <summary>Raised by the escalation timer or an operator to make an unassigned case try again now (no payload).</summary>
    public const string RetryAssignmentEvent = "RetryAssignment";

    /// <summary>
    /// Raised by the escalation sweep when a deadline in the index comes within the timer horizon (payload
    /// <see cref="DeadlineNear"/>); a case of version 1.2 or later then sets a durable timer for its next point.
    /// </summary>
    public const string DeadlineNearEvent = "DeadlineNear";

    /// <summary>
    /// The <see cref="CaseWorkflowInput.Source"/> of a case the escalation sweep started again because its orchestration
    /// was missing. Such a run computes its deadlines afresh, so they need not be the ones in the deadline index, and under
    /// 1.2 it sets a timer at every wait rather than wait for the sweep to announce them.
    /// </summary>
    public const string RestartSource = "escalation-sweep";

    /// <summary>
    /// The <see cref="CaseWorkflowInput.Source"/> of a stuck case started again from its row by staff (a retry) or by its
    /// withdrawal (CaseRepair). Its <see cref="CaseWorkflowInput.Progress"/> is built from the row; like
    /// <see cref="RestartSource"/>, under 1.2 it sets a timer at every wait, since the index's entries may have been announced
    /// to the run it replaces.
    /// </summary>
    public const string RepairSource = "repair";

    /// <summary>One orchestration per case; its instance id derives from the case number.</summary>
    public static string InstanceId(CaseNumber caseNumber) => $"case-{caseNumber}";
}

/// <summary>The input that starts a case orchestration. Documents travel as blob references, never bytes.</summary>
public sealed record CaseWorkflowInput
{
    /// <summary>The case number, already allocated.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Where the case file came from: "http", or the intake blob name.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// The case file's blob path when it was stored before the orchestration started (HTTP intake stores it first),
    /// or the intake blob name to read and validate.
    /// </summary>
    public required string CaseFilePath { get; init; }

    /// <summary>SHA-256 (hex) of the case file content.</summary>
    public required string ContentHash { get; init; }

    /// <summary>When the application was received by the system.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>How fast statutory time passes; null means real time. Tests compress it so days pass in seconds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WorkflowTiming? Timing { get; init; }

    /// <summary>
    /// Whether notices of assignment go out electronically (12-day records deadline) or by mail (15 days); electronic unless configured.
    /// </summary>
    public bool ElectronicNotice { get; init; } = true;

    /// <summary>
    /// The workflow version to run under; null (what hosts send) means <see cref="CaseWorkflowContract.CurrentVersion"/>.
    /// The escalation sweep sets it to the case row's version when it starts a missing orchestration again, so a case keeps
    /// the version it was accepted under.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkflowVersion { get; init; }

    /// <summary>Set by the orchestration itself when it continues as new; hosts leave it null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseProgress? Progress { get; init; }
}

/// <summary>A medical record arrived under <c>cases/{caseNumber}/records/</c>.</summary>
public sealed record RecordArrived(string FileName, string BlobPath, string ContentHash, DateTimeOffset ArrivedAt);

/// <summary>The claims administrator says all records are in.</summary>
public sealed record RecordsCompleted(string By, DateTimeOffset At);

/// <summary>A reviewer's decision, with the assignment credential issued at assignment (checked against its stored hash).</summary>
public sealed record DecisionSubmitted(ReviewerDecision Decision, string? AssignmentToken, DateTimeOffset SubmittedAt);

/// <summary>A deadline of the case is near or past: <paramref name="Deadline"/> is its index name, <paramref name="DueAt"/> its statutory instant.</summary>
public sealed record DeadlineNear(string Deadline, DateTimeOffset DueAt);

/// <summary>Why a case ends early.</summary>
public enum CaseEndReason
{
    /// <summary>The worker withdrew the application.</summary>
    Withdrawn,

    /// <summary>The claims administrator authorized the disputed treatment.</summary>
    TreatmentAuthorized,
}

/// <summary>The case ends early.</summary>
public sealed record CaseEnded(CaseEndReason Reason, string Detail, DateTimeOffset At);
