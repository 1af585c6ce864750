using System.Text.Json.Serialization;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Orchestration;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

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
    /// The workflow version new cases start under: the Durable Task orchestration version
    /// (<see cref="StartOrchestrationOptions.Version"/>, read back as <see cref="TaskOrchestrationContext.Version"/>), which
    /// host.json's <c>defaultVersion</c> and <see cref="CaseWorkflowRegistration.WorkerVersioning"/> name too. A wait for a
    /// deadline point further away than <see cref="WorkflowTiming.TimerHorizon"/> makes no durable timer: the escalation
    /// sweep raises <see cref="DeadlineNearEvent"/> when the point comes within that horizon, and the case then sets its
    /// timer (docs/workflow.md, "Timers" and "Versioning").
    /// </summary>
    public const string CurrentVersion = "1.0";

    /// <summary>How hosts start a case: its instance id, under <see cref="CurrentVersion"/>.</summary>
    public static StartOrchestrationOptions StartOptions(CaseNumber caseNumber) =>
        new(InstanceId(caseNumber)) { Version = CurrentVersion };

    /// <summary>
    /// Whether a point a case waits for (as its custom status names it) is one of the deadline index's, which the sweep
    /// announces; the others (assignment retry, reassignment grace) always have a timer.
    /// </summary>
    public static bool IsDeadlinePoint(string point) =>
        point is "records-reminder" or "records-escalation" or "records-due"
            or "determination-reminder" or "determination-escalation" or "determination-due";

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
    /// Raised when staff record the treating physician's certification of an imminent and serious threat, converting a
    /// regular review into an expedited one (8 CCR § 9792.10.4(c); payload <see cref="CaseExpedited"/>).
    /// </summary>
    public const string CaseExpeditedEvent = "CaseExpedited";

    /// <summary>
    /// Raised when the assigned reviewer states, for this case, that they have no conflict of interest or declines it for
    /// one (LC § 139.5; payload <see cref="ConflictStatement"/>).
    /// </summary>
    public const string ConflictStatementEvent = "ConflictStatement";

    /// <summary>
    /// Raised by the escalation sweep when a deadline in the index comes within the timer horizon (payload
    /// <see cref="DeadlineNear"/>); the case then sets a durable timer for its next point.
    /// </summary>
    public const string DeadlineNearEvent = "DeadlineNear";

    /// <summary>
    /// Raised when the assigned reviewer asks the parties for information needed for the review (payload
    /// <see cref="InformationRequested"/>; 8 CCR § 9792.10.5(b), (c)).
    /// </summary>
    public const string InformationRequestedEvent = "InformationRequested";

    /// <summary>
    /// The <see cref="CaseWorkflowInput.Source"/> of a case the escalation sweep started again because its orchestration
    /// was missing. Such a run computes its deadlines afresh, so they need not be the ones in the deadline index, and it sets
    /// a timer at every wait rather than wait for the sweep to announce them.
    /// </summary>
    public const string RestartSource = "escalation-sweep";

    /// <summary>
    /// The <see cref="CaseWorkflowInput.Source"/> of a stuck case started again from its row by staff (a retry) or by its
    /// withdrawal (CaseRepair). Its <see cref="CaseWorkflowInput.Progress"/> is built from the row; like
    /// <see cref="RestartSource"/>, it sets a timer at every wait, since the index's entries may have been announced
    /// to the run it replaces.
    /// </summary>
    public const string RepairSource = "repair";

    /// <summary>
    /// The <see cref="CaseWorkflowInput.Source"/> of a determined case started again on the WCAB's remand (LC § 4610.6(i)):
    /// a new run under the same instance id, which records the remand and assigns a different reviewer.
    /// </summary>
    public const string RemandSource = "remand";

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

    /// <summary>The stored case file's blob path (<c>cases/{caseNumber}/…</c>): every way in stores it before the start.</summary>
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
    /// Whether this organization consolidates the application with others of the same employee, requesting physician and
    /// date of injury into one determination (8 CCR § 9792.10.4(a) says it "may"); see docs/workflow.md, "Consolidation".
    /// </summary>
    public bool Consolidate { get; init; }

    /// <summary>
    /// The remand this run reviews again (LC § 4610.6(i)); null for a case's first review. Kept across ContinueAsNew, so
    /// every step of the run knows its determination generation.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseRemanded? Remand { get; init; }

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

/// <summary>
/// The assigned reviewer asks the parties for information needed for the review (8 CCR § 9792.10.5(b), (c)).
/// <paramref name="RequestId"/> is derived from the request's content, so the same request raised twice is handled once;
/// <paramref name="Items"/> are what is asked for, sent to the parties and never logged.
/// </summary>
public sealed record InformationRequested(string RequestId, string ReviewerId, IReadOnlyList<string> Items, DateTimeOffset RequestedAt);

/// <summary>
/// The treating physician's certification that converts the review to expedited (8 CCR § 9792.10.4(c)): who certified and
/// when, and where the certification (with its statement) is stored. No clinical text.
/// </summary>
public sealed record CaseExpedited(string CertifiedBy, DateOnly CertifiedOn, string CertificationPath, string ContentHash, DateTimeOffset At);

/// <summary>
/// The assigned reviewer's statement for one case (LC § 139.5): no conflict of interest, or a decline with its reason
/// (short, non-clinical). A reviewer never has the same case twice, so the reviewer id names the assignment it answers.
/// </summary>
public sealed record ConflictStatement(string ReviewerId, bool NoConflict, string? Reason, DateTimeOffset At);

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
