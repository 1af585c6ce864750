using Imr.Domain.Cases;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow;

/// <summary>
/// The log messages of the workflow's activities (20xx) and application services (21xx), in one place with fixed event ids
/// (docs/observability.md lists them). Each names the case, the step and the outcome with case numbers, step keys, reviewer
/// ids, states, counts and statuses only: never case content, a name, a free-text reason, a file name or an exception
/// message (any of them may quote clinical text or identify the injured worker).
/// </summary>
public static partial class WorkflowLog
{
    /// <summary>A case number as it may be logged: the canonical form of a valid one, else a placeholder (the raw input may be anything).</summary>
    public static string Safe(string? caseNumber) => CaseNumber.TryParse(caseNumber, out var number) ? number.ToString() : "(not a case number)";

    /// <summary>Some reviewer profiles could not be read and were left out of a search.</summary>
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Case {CaseNumber}: {Count} reviewer profile(s) could not be read and were left out of the search: {ReviewerIds}. Replace each with PUT /reviewers/{{id}}.")]
    public static partial void UnreadableReviewers(this ILogger logger, CaseNumber caseNumber, int count, string reviewerIds);

    /// <summary>Step 1: a case file was accepted.</summary>
    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: case file accepted, {Priority}, {ItemCount} disputed item(s), policy {PolicyVersion}.")]
    public static partial void CaseAccepted(this ILogger logger, CaseNumber caseNumber, string step, Priority priority, int itemCount, string policyVersion);

    /// <summary>Step 1: a case file was refused (Rejected or Ineligible); the reasons are in the audit trail and the quarantine report.</summary>
    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: case file refused as {Verdict} with {ReasonCount} reason(s).")]
    public static partial void CaseRefused(this ILogger logger, CaseNumber caseNumber, string step, string verdict, int reasonCount);

    /// <summary>Step 2a: the best eligible reviewer was found.</summary>
    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Case {CaseNumber}: reviewer {ReviewerId} chosen among {Candidates} candidate(s) (specialty table {TableVersion}).")]
    public static partial void ReviewerChosen(this ILogger logger, CaseNumber caseNumber, string reviewerId, int candidates, string tableVersion);

    /// <summary>Step 2a: no reviewer was eligible.</summary>
    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Case {CaseNumber}: no eligible reviewer among {Candidates} candidate(s) (specialty table {TableVersion}).")]
    public static partial void NoReviewerEligible(this ILogger logger, CaseNumber caseNumber, int candidates, string tableVersion);

    /// <summary>Step 2b: the assignment was recorded and the notices sent.</summary>
    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: assigned to reviewer {ReviewerId}, attempt {Attempt}, now {State}{Reassignment}.")]
    public static partial void AssignmentRecorded(this ILogger logger, CaseNumber caseNumber, string step, string reviewerId, int attempt, CaseState state, string reassignment);

    /// <summary>Step 2c: no reviewer; the case shows Unassigned.</summary>
    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "Case {CaseNumber} step {Step}: unassigned after {FailedAttempts} attempt(s), escalation level {Level}, escalated now: {Escalated}.")]
    public static partial void CaseUnassigned(this ILogger logger, CaseNumber caseNumber, string step, int failedAttempts, int level, bool escalated);

    /// <summary>An assignment ended (reassignment).</summary>
    [LoggerMessage(EventId = 2024, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: reviewer {ReviewerId} released from attempt {Attempt}; load changed: {Released}.")]
    public static partial void AssignmentReleased(this ILogger logger, CaseNumber caseNumber, string step, string reviewerId, int attempt, bool released);

    /// <summary>Step 3a: a record's arrival was audited (by its hash: the step key carries the file name).</summary>
    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Case {CaseNumber}: record arrival audited, sha256 {ContentHash}.")]
    public static partial void RecordArrivalAudited(this ILogger logger, CaseNumber caseNumber, string contentHash);

    /// <summary>Step 3b: the case went under review and the determination clock started.</summary>
    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: under review ({Reason}); determination due {DeterminationDue:O}.")]
    public static partial void ReviewStarted(this ILogger logger, CaseNumber caseNumber, string step, string reason, DateTimeOffset? determinationDue);

    /// <summary>Step 4a: a reminder or an escalation at a deadline point.</summary>
    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: {Kind} for {Deadline} due {DueAt:O}, escalation level {Level}.")]
    public static partial void DeadlineNoticeSent(this ILogger logger, CaseNumber caseNumber, string step, string kind, string deadline, DateTimeOffset dueAt, int level);

    /// <summary>Step 5: a decision was refused and audited; the case waits for a valid one.</summary>
    [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: decision refused with {ReasonCount} reason(s).")]
    public static partial void DecisionRefusedAudited(this ILogger logger, CaseNumber caseNumber, string step, int reasonCount);

    /// <summary>Step 6: the Final Determination was issued.</summary>
    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: determination issued, {ItemCount} item(s), {Overturned} overturned, {Upheld} upheld.")]
    public static partial void DeterminationIssued(this ILogger logger, CaseNumber caseNumber, string step, int itemCount, int overturned, int upheld);

    /// <summary>Step 7: the case ended early.</summary>
    [LoggerMessage(EventId = 2070, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: terminated ({Reason}); a reviewer was released: {Released}.")]
    public static partial void CaseTerminated(this ILogger logger, CaseNumber caseNumber, string step, string reason, bool released);

    /// <summary>A step failed after its retries; audited, operations told, and the orchestration fails visibly.</summary>
    [LoggerMessage(EventId = 2080, Level = LogLevel.Error, Message = "Case {CaseNumber} step {Step}: a workflow step failed after its retries; audited and operations told.")]
    public static partial void WorkflowFailureReported(this ILogger logger, CaseNumber caseNumber, string step);

    /// <summary>A case file was submitted and its case started (or found started, for a replay).</summary>
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Case {CaseNumber} submitted over {Channel}; replayed: {Replayed}.")]
    public static partial void CaseSubmitted(this ILogger logger, string caseNumber, string channel, bool replayed);

    /// <summary>A record was stored under a case.</summary>
    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Case {CaseNumber}: record stored ({Length} bytes), status {Status}.")]
    public static partial void RecordStored(this ILogger logger, string caseNumber, long length, int status);

    /// <summary>A record's arrival was announced to its case.</summary>
    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Case {CaseNumber}: record arrival announced to the case.")]
    public static partial void RecordAnnounced(this ILogger logger, string caseNumber);

    /// <summary>The records were declared complete.</summary>
    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Case {CaseNumber}: records declared complete.")]
    public static partial void RecordsCompleted(this ILogger logger, string caseNumber);

    /// <summary>A reviewer's decision was accepted and handed to the case.</summary>
    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Case {CaseNumber}: decision accepted; first submission: {First}.")]
    public static partial void DecisionAccepted(this ILogger logger, string caseNumber, bool first);

    /// <summary>A case was withdrawn.</summary>
    [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Case {CaseNumber}: withdrawal handed to the case ({Reason}).")]
    public static partial void CaseWithdrawn(this ILogger logger, string caseNumber, string reason);

    /// <summary>A certification converting a case to expedited was handed to the case (no clinical text).</summary>
    [LoggerMessage(EventId = 2131, Level = LogLevel.Information, Message = "Case {CaseNumber}: conversion to expedited review handed to the case (8 CCR 9792.10.4(c)).")]
    public static partial void ExpediteRequested(this ILogger logger, string caseNumber);

    /// <summary>A reviewer's conflict statement was handed to the case (no reason text: it may name parties).</summary>
    [LoggerMessage(EventId = 2132, Level = LogLevel.Information, Message = "Case {CaseNumber}: conflict statement handed to the case; no conflict: {NoConflict}.")]
    public static partial void ConflictStatementGiven(this ILogger logger, string caseNumber, bool noConflict);

    /// <summary>A stuck case was retried.</summary>
    [LoggerMessage(EventId = 2140, Level = LogLevel.Information, Message = "Case {CaseNumber}: retried from {Phase} while {State}.")]
    public static partial void CaseRetried(this ILogger logger, string caseNumber, string phase, CaseState state);

    /// <summary>A reviewer profile was created or replaced.</summary>
    [LoggerMessage(EventId = 2150, Level = LogLevel.Information, Message = "Reviewer {ReviewerId} {Change}, status {Status}.")]
    public static partial void ReviewerSaved(this ILogger logger, string reviewerId, string change, int status);

    /// <summary>The escalation sweep raised a case's escalation level.</summary>
    [LoggerMessage(EventId = 2160, Level = LogLevel.Warning, Message = "Case {CaseNumber}: escalated to level {Level} by the sweep ({Deadline} overdue).")]
    public static partial void SweepEscalated(this ILogger logger, CaseNumber caseNumber, int level, string deadline);

    /// <summary>An application call was refused; the problems went to the caller (they may quote the input, so only their count is logged).</summary>
    [LoggerMessage(EventId = 2190, Level = LogLevel.Information, Message = "{Operation} refused with status {Status}, {ProblemCount} problem(s); case {CaseNumber}.")]
    public static partial void Refused(this ILogger logger, string operation, int status, int problemCount, string caseNumber);
}
