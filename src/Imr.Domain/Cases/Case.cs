using Imr.Domain.Clock;
using Imr.Domain.Decisions;

namespace Imr.Domain.Cases;

/// <summary>
/// The system's record of one case: where it stands, who has it, and when things fall due.
/// It is what the case index stores and what <c>GET /cases/{caseNumber}</c> shows; the case file itself stays in blob storage.
/// </summary>
public sealed record Case
{
    /// <summary>The case number.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Lifecycle state.</summary>
    public CaseState State { get; init; } = CaseState.Received;

    /// <summary>Why the case is in its state, when that needs saying (rejected, ineligible, terminated, reassigned). No clinical text.</summary>
    public string? StateReason { get; init; }

    /// <summary>Standard or Expedited.</summary>
    public Priority Priority { get; init; } = Priority.Standard;

    /// <summary>The reviewer who has the case now.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>Every reviewer who had the case before, so a reassignment goes to someone else.</summary>
    public IReadOnlyList<string> PreviousReviewerIds { get; init; } = [];

    /// <summary>How many times the case has been assigned (1 for the first assignment).</summary>
    public int AssignmentCount { get; init; }

    /// <summary>0 when on track; raised at each escalation point.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>The statutory deadlines known so far.</summary>
    public CaseDeadlines Deadlines { get; init; } = new();

    /// <summary>Descriptions of the disputed items, in case-file order.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The version of the statutory policy the case is judged under.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>The version of the workflow that runs the case.</summary>
    public string WorkflowVersion { get; init; } = "";

    /// <summary>SHA-256 (hex) of the accepted case file, for idempotent intake.</summary>
    public string? ContentHash { get; init; }

    /// <summary>When the current reviewer was assigned.</summary>
    public DateTimeOffset? AssignedAt { get; init; }

    /// <summary>The case that carries this application when it was consolidated (state Consolidated; 8 CCR § 9792.10.4(a)).</summary>
    public CaseNumber? ConsolidatedInto { get; init; }

    /// <summary>The applications consolidated into this case, whose disputed items it decides too (8 CCR § 9792.10.4(a)).</summary>
    public IReadOnlyList<CaseNumber> ConsolidatedApplications { get; init; } = [];

    /// <summary>When the notice of assignment went to the parties (8 CCR § 9792.10.4(b)); the records clock runs from it.</summary>
    public DateTimeOffset? NoticeSentAt { get; init; }

    /// <summary>How the notice of assignment was sent, Mail or Electronic: 15 or 12 days for the records (§ 9792.10.5(a)(1)).</summary>
    public ServiceMethod? NoticeServedBy { get; init; }

    /// <summary>
    /// When a regular review was converted into an expedited one on the treating physician's certification (8 CCR
    /// § 9792.10.4(c)); null for a case expedited from its application, or never expedited.
    /// </summary>
    public DateTimeOffset? ExpeditedAt { get; init; }

    /// <summary>
    /// When the current reviewer stated, for this case, that they have no conflict of interest (LC § 139.5); null until
    /// then. Cleared at every new assignment: the records go to a reviewer, and a decision is taken, only after it.
    /// </summary>
    public DateTimeOffset? NoConflictStatedAt { get; init; }

    /// <summary>When the records were received or their due date passed; the review clock starts here.</summary>
    public DateTimeOffset? RecordsReceivedAt { get; init; }

    /// <summary>The determination, once issued; after a remand, the new review's, once issued (null until then).</summary>
    public DeterminationSummary? Determination { get; init; }

    /// <summary>
    /// The WCAB's remands of reversed determinations, oldest first, each with the determination it set aside
    /// (LC § 4610.6(i)); empty for a case never remanded. Their count + 1 is the generation of the review under way.
    /// </summary>
    public IReadOnlyList<CaseRemandRecord> Remands { get; init; } = [];

    /// <summary>
    /// The newest workflow step that changed the row. A step older than this writes nothing, so a late copy of an
    /// activity (redelivered after its host was killed) cannot set the row back. Null on rows no step has changed since
    /// the watermark was introduced; those accept any step. Writes that are not workflow steps leave it as it is.
    /// </summary>
    public StepOrder? StepWatermark { get; init; }

    /// <summary>
    /// The SHA-256 hashes (lower-case hex) of the assignment credentials issued for the current assignment, newest last,
    /// at most <see cref="MaxAssignmentTokenHashes"/>; never the tokens. A new assignment replaces them.
    /// </summary>
    public IReadOnlyList<string> AssignmentTokenHashes { get; init; } = [];

    /// <summary>How many credential hashes a case keeps for its current assignment (one per try of the assignment step).</summary>
    public const int MaxAssignmentTokenHashes = 8;

    /// <summary>
    /// Set by the escalation sweep when the case's orchestration failed, stopped or vanished while the case is open, or
    /// its state disagrees with this row's; cleared when the case runs again in agreement (a retry, or the sweep seeing it
    /// agree). Null for a case that runs as it should.
    /// </summary>
    public CaseStuck? Stuck { get; init; }

    /// <summary>When the case was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the case was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The outcome of a case, without clinical text: enough for status queries and authorization tracking.</summary>
public sealed record DeterminationSummary
{
    /// <summary>Date of the Final Determination.</summary>
    public DateOnly DecisionDate { get; init; }

    /// <summary>One entry per disputed item.</summary>
    public IReadOnlyList<DeterminedItem> Items { get; init; } = [];

    /// <summary>The California date the determination was mailed (or sent) to the AD and the parties; the appeal counts from it.</summary>
    public DateOnly? MailedOn { get; init; }

    /// <summary>How it was sent: Mail or Electronic.</summary>
    public ServiceMethod? ServedBy { get; init; }

    /// <summary>Who it was sent to, by role: "administrativeDirector", "employee", "employeeAttorney", "employer", "claimsAdministrator", "requestingPhysician".</summary>
    public IReadOnlyList<string> ServedTo { get; init; } = [];

    /// <summary>The day it is taken as received, from which an overturned item's authorization counts (8 CCR § 9792.10.7(a)).</summary>
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>The last day to file an appeal with the WCAB (LC § 4610.6(h); 8 CCR § 10605(a)(1)).</summary>
    public DateOnly? AppealDue { get; init; }

    /// <summary>The deciding reviewer's specialties as the letter prints them, kept for the timeliness report's overturn rate by specialty.</summary>
    public IReadOnlyList<string> ReviewerSpecialties { get; init; } = [];

    /// <summary>The claims administrator's party id from the case file, kept for the timeliness report's late records by claims administrator.</summary>
    public string? ClaimsAdministratorId { get; init; }

    /// <summary>The claims administrator's name (an insurer or administrator, never a person's health information).</summary>
    public string? ClaimsAdministratorName { get; init; }
}

/// <summary>The decision on one item and, when overturned, the date by which the employer must authorize it.</summary>
public sealed record DeterminedItem
{
    /// <summary>The item's description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Upheld or Overturned.</summary>
    public Decision Decision { get; init; }

    /// <summary>For an overturned item: authorization due within 5 working days of receipt of the determination (8 CCR § 9792.10.7(a)(2)).</summary>
    public DateOnly? AuthorizationDue { get; init; }
}

/// <summary>Why an open case does not move on by itself, as the escalation sweep found it. No clinical text.</summary>
/// <param name="Reason">OrchestrationFailed, OrchestrationStopped, OrchestrationMissing or StateDisagrees.</param>
/// <param name="Detail">What was found, e.g. the orchestration's failure or the state it reports.</param>
/// <param name="Since">When the sweep first found it.</param>
public sealed record CaseStuck(string Reason, string Detail, DateTimeOffset Since);
