using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;

namespace Imr.Workflow.Orchestration;

/// <summary>Which part of the lifecycle a case orchestration is in; phases follow one another within a generation.</summary>
public enum CasePhase
{
    /// <summary>The case file is being read, validated and checked against the filing window.</summary>
    Accepting,

    /// <summary>Sending the notice of assignment to the parties (8 CCR § 9792.10.4(b)).</summary>
    NoticeOfAssignment,

    /// <summary>Looking for an eligible reviewer (first assignment, or after a missed deadline).</summary>
    Assigning,

    /// <summary>Assigned; waiting for the claims administrator's records.</summary>
    AwaitingRecords,

    /// <summary>The reviewer is deciding.</summary>
    UnderReview,

    /// <summary>Taking in the WCAB's remand of a reversed determination (LC § 4610.6(i)); a different reviewer is assigned next.</summary>
    Remand,
}

/// <summary>
/// Everything the case orchestration knows, carried from one generation to the next through ContinueAsNew so that
/// history stays small. Holds references and identifiers only: no documents and no clinical text.
/// </summary>
public sealed record CaseProgress
{
    /// <summary>The phase the case is in (and the one the next generation resumes in).</summary>
    public CasePhase Phase { get; init; } = CasePhase.Accepting;

    /// <summary>The orchestration generation (0 for the first); raised at every ContinueAsNew.</summary>
    public int Generation { get; init; }

    /// <summary>The real instant the workflow started: the anchor of the <see cref="Timing.StatutoryTimeline"/>.</summary>
    public DateTimeOffset Anchor { get; init; }

    /// <summary>The statutory policy version the case is judged under.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>Standard or Expedited, from the accepted case file.</summary>
    public Priority Priority { get; init; } = Priority.Standard;

    /// <summary>The disputed items' descriptions, in case-file order (the decision must cover each exactly once).</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The applications consolidated into this case as its review started; their items are in <see cref="Items"/> (8 CCR § 9792.10.4(a)).</summary>
    public IReadOnlyList<CaseNumber> ConsolidatedApplications { get; init; } = [];

    /// <summary>The claims administrator's party id, the recipient of records requests.</summary>
    public string ClaimsAdministrator { get; init; } = "claims-administrator";

    /// <summary>The reviewer who has the case now.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>The current assignment's attempt number (1 for the first assignment).</summary>
    public int Attempt { get; init; }

    /// <summary>Reviewers who had the case before and must never get it again.</summary>
    public IReadOnlyList<string> PreviousReviewerIds { get; init; } = [];

    /// <summary>0 when on track; raised at each escalation.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>Assignment attempts that found nobody eligible since the last successful assignment.</summary>
    public int FailedAssignmentAttempts { get; init; }

    /// <summary>Whether the assignment notice went out electronically (12-day records deadline instead of 15).</summary>
    public bool ElectronicNotice { get; init; } = true;

    /// <summary>When the first reviewer was assigned.</summary>
    public DateTimeOffset? AssignedAt { get; init; }

    /// <summary>The date the AD's finding was received: the notice of assignment is due one business day later.</summary>
    public DateOnly FindingReceivedOn { get; init; }

    /// <summary>Who gets the notice of assignment.</summary>
    public IReadOnlyList<Activities.NoticeRecipient> NoticeRecipients { get; init; } = [];

    /// <summary>When the notice of assignment was sent; the records clock starts here (8 CCR § 9792.10.5(a)(1)).</summary>
    public DateTimeOffset? NoticeSentAt { get; init; }

    /// <summary>When the records were received or their due date passed; the review clock starts here.</summary>
    public DateTimeOffset? RecordsReceivedAt { get; init; }

    /// <summary>The statutory deadlines known so far.</summary>
    public CaseDeadlines Deadlines { get; init; } = new();

    /// <summary>After a missed determination deadline: when the current reviewer's grace ends and the case is reassigned again.</summary>
    public DateTimeOffset? ReassignAt { get; init; }

    /// <summary>
    /// The latest statutory instant the escalation sweep has said is near (DeadlineNear): a point no later
    /// than this gets its durable timer however far away it is.
    /// </summary>
    public DateTimeOffset? NearUntil { get; init; }

    /// <summary>Deadline points already acted on (e.g. "records-reminder"), so a replayed or resumed case never repeats one.</summary>
    public IReadOnlyList<string> PointsDone { get; init; } = [];

    /// <summary>Records already recorded, as "fileName|contentHash", so a duplicate event is recorded once.</summary>
    public IReadOnlyList<string> RecordKeys { get; init; } = [];

    /// <summary>How many decisions were refused so far (numbers the refusals' audit ids).</summary>
    public int RefusedDecisions { get; init; }

    /// <summary>Events received but not handled yet, handed from one generation to the next (handled first there).</summary>
    public IReadOnlyList<CarriedEvent> Carried { get; init; } = [];

    /// <summary>Requests for information already sent (their <see cref="InformationRequested.RequestId"/>s), in order; numbers their steps.</summary>
    public IReadOnlyList<string> InformationRequestIds { get; init; } = [];

    /// <summary>
    /// The assignment attempt whose reviewer stated no conflict of interest (LC § 139.5); 0 when none. The statement is
    /// needed again after every new assignment, before the records go to the reviewer and before a decision counts.
    /// </summary>
    public int NoConflictAttempt { get; init; }

    /// <summary>Why the next assignment is made, when it replaces a reviewer who declined; null for the first one.</summary>
    public string? AssignmentReason { get; init; }

    /// <summary>Assignment retries asked for by an operator or the escalation timer so far (numbers their audit ids).</summary>
    public int RetryRequests { get; init; }

    /// <summary>When the remand this run reviews was received (LC § 4610.6(i)): the review clock and the letter's date assigned count from it.</summary>
    public DateTimeOffset? RemandedAt { get; init; }
}

/// <summary>How a case orchestration ended.</summary>
public sealed record CaseOutcome
{
    /// <summary>The case.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Rejected, Ineligible, Determined or Terminated.</summary>
    public required CaseState State { get; init; }

    /// <summary>Why, for Rejected, Ineligible and Terminated. No clinical text.</summary>
    public string? Reason { get; init; }

    /// <summary>The reviewer who decided (Determined) or who had the case when it ended.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>The escalation level reached.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>The determination, when issued.</summary>
    public DeterminationSummary? Determination { get; init; }

    /// <summary>The issued letter's text blob path.</summary>
    public string? LetterTextPath { get; init; }

    /// <summary>The issued letter's PDF blob path.</summary>
    public string? LetterPdfPath { get; init; }

    /// <summary>
    /// How many orchestration generations the case ran: 1 when it went straight through; more when it woke up often
    /// (long waits for a reviewer, many records), since each generation's history is bounded.
    /// </summary>
    public int Generations { get; init; } = 1;
}

/// <summary>The orchestration's custom status: what an operator sees while the case runs. No clinical text.</summary>
public sealed record CaseStatus
{
    /// <summary>The lifecycle state.</summary>
    public required CaseState State { get; init; }

    /// <summary>The reviewer who has the case.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>The escalation level.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>The statutory deadlines known so far.</summary>
    public CaseDeadlines Deadlines { get; init; } = new();

    /// <summary>What the case waits for next, e.g. "records-due", and when (statutory time).</summary>
    public string? NextPoint { get; init; }

    /// <summary>When the next point falls due (statutory time).</summary>
    public DateTimeOffset? NextPointAt { get; init; }

    /// <summary>The workflow version running the case.</summary>
    public string WorkflowVersion { get; init; } = "";

    /// <summary>The statutory policy version.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>
    /// The order of the last step this execution completed before the status was set, or null before its first step; a
    /// case row whose watermark is older than this, in another state, missed a step's write (CaseRepair.MissedStep).
    /// </summary>
    public StepOrder? LastStep { get; init; }
}
