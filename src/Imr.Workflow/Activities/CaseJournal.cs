using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Activities;

/// <summary>
/// The writes every case activity makes: the case row, the audit trail and the notifications queue. Each write is
/// idempotent on its own (ETag-guarded row updates that set absolute values under the step watermark, deterministic audit
/// and notification ids).
/// </summary>
public sealed class CaseJournal
{
    private readonly ICaseIndex _cases;
    private readonly IAuditTrail _audit;
    private readonly INotificationQueue _notifications;
    private readonly TimeProvider _time;

    /// <summary>Creates the journal over the storage ports.</summary>
    public CaseJournal(ICaseIndex cases, IAuditTrail audit, INotificationQueue notifications, TimeProvider time)
    {
        _cases = cases;
        _audit = audit;
        _notifications = notifications;
        _time = time;
    }

    /// <summary>
    /// Applies a workflow step's change to the case row (read, change, ETag-guarded write, retried on a lost race), under
    /// two guards. Why: an activity whose host was killed while running it comes back after the queue visibility timeout
    /// and runs again, by then possibly after the orchestration went on; its absolute values would set the row back.
    /// <list type="bullet">
    /// <item>The step watermark: a step older than the row's <see cref="Case.StepWatermark"/> writes nothing; the same
    /// step again (a retry) writes, and a newer step raises the watermark. A row without a watermark accepts any step, and
    /// a step without an order (scheduled by a build before the watermark) neither checks nor moves it.</item>
    /// <item>A closed case keeps its state: a change that would move it out of Determined, Terminated, Rejected or
    /// Ineligible writes nothing (FaultTests saw Determined cases go back to AwaitingRecords and UnderReview). Kept beside
    /// the watermark because it also covers rows without one.</item>
    /// </list>
    /// <paramref name="change"/> returns null to leave the row as it is (nothing is written).
    /// </summary>
    public Task<Case> UpdateCaseAsync(CaseStep step, Func<Case, Case?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(change);
        var now = _time.GetUtcNow();
        return _cases.UpdateAsync(step.CaseNumber, c => Apply(step, c, change, now), cancellationToken);
    }

    /// <summary>
    /// As <see cref="UpdateCaseAsync(CaseStep, Func{Case, Case?}, CancellationToken)"/>, and appends the step's audit entry
    /// (its id is the step's) in the same write: the entry and the case row share the case's partition, so one request
    /// carries both. The entry is appended even when the guards leave the row as it is, as a separate audit call would be.
    /// </summary>
    public Task<Case> UpdateCaseAsync(CaseStep step, Func<Case, Case?> change, string actor, string action, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(change);
        var now = _time.GetUtcNow();
        return _cases.UpdateAsync(step.CaseNumber, c => Apply(step, c, change, now), Entry(step, actor, action, detail), cancellationToken);
    }

    /// <summary>
    /// As <see cref="UpdateCaseAsync(CaseStep, Func{Case, Case?}, string, string, string, CancellationToken)"/> for the
    /// remand of a reversed determination (LC § 4610.6(i)): the one change that may take a case out of a closed state,
    /// and only from Determined to <see cref="CaseRemand.StateAfterRemand"/> (<see cref="CaseRemand.Reopens"/>); the
    /// watermark guards it as any step.
    /// </summary>
    public Task<Case> RemandAsync(CaseStep step, Func<Case, Case?> change, string actor, string action, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(change);
        var now = _time.GetUtcNow();
        return _cases.UpdateAsync(step.CaseNumber, c => Apply(step, c, change, now, byRemand: true), Entry(step, actor, action, detail), cancellationToken);
    }

    /// <summary>
    /// Creates the case row, or changes it when the submission (or an earlier try of this step) already created it, under
    /// the guards of <see cref="UpdateCaseAsync(CaseStep, Func{Case, Case?}, CancellationToken)"/>. <paramref name="change"/> returns null to leave an existing row as it
    /// is (nothing is written).
    /// </summary>
    public Task<Case> UpsertCaseAsync(CaseStep step, Func<Case, Case?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(change);
        var now = _time.GetUtcNow();
        var blank = new Case { CaseNumber = step.CaseNumber, CreatedAt = now };
        var created = (change(blank) ?? blank) with { UpdatedAt = now, StepWatermark = step.Order };
        return _cases.UpsertAsync(created, c => Apply(step, c, change, now), cancellationToken);
    }

    /// <summary>Whether a step may change a row with this watermark: not when it is older than the row's newest step.</summary>
    public static bool Admits(CaseStep step, Case row)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(row);
        return step.Order is null || row.StepWatermark is null || step.Order >= row.StepWatermark;
    }

    private static Case? Apply(CaseStep step, Case row, Func<Case, Case?> change, DateTimeOffset now, bool byRemand = false)
    {
        if (!Admits(step, row) || change(row) is not { } next
            || (Application.CaseStates.IsClosed(row.State) && next.State != row.State && !(byRemand && CaseRemand.Reopens(row.State, next.State))))
        {
            return null;
        }

        // Raised only on a write that happens anyway, so the watermark adds no storage operation.
        var watermark = step.Order is { } order && (row.StepWatermark is null || order > row.StepWatermark) ? order : row.StepWatermark;
        // A case that ends is no longer stuck, whatever the sweep found before.
        var stuck = Application.CaseStates.IsClosed(next.State) ? null : next.Stuck;
        return next with { UpdatedAt = now, StepWatermark = watermark, Stuck = stuck };
    }

    /// <summary>Appends the step's audit row (its id is the step's, so a retry changes nothing).</summary>
    public Task AuditAsync(CaseStep step, string actor, string action, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return _audit.AppendAsync(Entry(step, actor, action, detail), cancellationToken);
    }

    private static AuditEntry Entry(CaseStep step, string actor, string action, string detail) => new()
    {
        Id = step.AuditId,
        CaseNumber = step.CaseNumber,
        Actor = actor,
        Action = action,
        At = step.At,
        Detail = detail,
        PolicyVersion = step.PolicyVersion,
        WorkflowVersion = step.WorkflowVersion,
    };

    /// <summary>Sends the step's one notice as its message.</summary>
    public Task NotifyAsync(CaseStep step, string kind, string recipient, string? reference = null, string? detail = null, CancellationToken cancellationToken = default) =>
        NotifyAsync(step, [To(step, kind, recipient, reference, detail)], cancellationToken);

    /// <summary>
    /// Sends every notice of the step as one message, whose id is the step's: one queue operation a step however many
    /// recipients it addresses, and a retried step sends the same message again.
    /// </summary>
    public Task NotifyAsync(CaseStep step, IReadOnlyList<Notice> notices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(notices);
        return _notifications.SendAsync(
            new Notification { Id = step.AuditId, CaseNumber = step.CaseNumber, At = step.At, Notices = notices },
            cancellationToken);
    }

    /// <summary>A notice of the step to one recipient, with an id derived from the step and its kind.</summary>
    public static Notice To(CaseStep step, string kind, string recipient, string? reference = null, string? detail = null, string? assignmentToken = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new Notice { Id = step.NotificationId(kind), Kind = kind, Recipient = recipient, Reference = reference, Detail = detail, AssignmentToken = assignmentToken };
    }

    /// <summary>A notice of a kind that goes to several parties, with an id derived from the step, the kind and the party's role.</summary>
    public static Notice ToParty(CaseStep step, string kind, string role, string recipient, string? detail, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new Notice { Id = $"{step.NotificationId(kind)}:{role}", Kind = kind, Recipient = recipient, Role = role, Reference = reference, Detail = detail };
    }
}

/// <summary>The notification kinds the workflow sends.</summary>
public static class NotificationKinds
{
    /// <summary>Tells a reviewer a case is assigned to them.</summary>
    public const string AssignmentNotice = "AssignmentNotice";

    /// <summary>
    /// Tells a party (employer, employee, the employee's attorney, the requesting physician) that the dispute is assigned to
    /// this organization for review (8 CCR § 9792.10.4(b)). Not the reviewer's <see cref="AssignmentNotice"/>.
    /// </summary>
    public const string NoticeOfAssignment = "NoticeOfAssignment";

    /// <summary>Asks the claims administrator for the medical records.</summary>
    public const string RecordsRequest = "RecordsRequest";

    /// <summary>
    /// Tells the assigned reviewer the records are in and the determination clock has started, with the due date: the
    /// reviewer's cue to decide, so nobody has to watch the case for it.
    /// </summary>
    public const string ReviewStarted = "ReviewStarted";

    /// <summary>
    /// The reviewer's request for information needed for the review, copied to each party with what is asked for and the
    /// due date (8 CCR § 9792.10.5(b), (c)). One message per party.
    /// </summary>
    public const string InformationRequest = "InformationRequest";

    /// <summary>
    /// Tells a party, the claims administrator or the assigned reviewer that the review has been converted from a regular
    /// review to an expedited one, with the new deadlines (8 CCR § 9792.10.4(c)). One message per addressee.
    /// </summary>
    public const string ExpeditedReview = "ExpeditedReview";

    /// <summary>A reminder before a deadline.</summary>
    public const string Reminder = "Reminder";

    /// <summary>A case escalated to operations.</summary>
    public const string Escalation = "Escalation";

    /// <summary>A case taken from one reviewer and given to another.</summary>
    public const string Reassignment = "Reassignment";

    /// <summary>
    /// The Final Determination served on the AD or one party (LC § 4610.6(h)): the letter's reference and the cover notice
    /// with its mailing date, binding effect and the last day to appeal. One message per addressee.
    /// </summary>
    public const string Determination = "Determination";

    /// <summary>
    /// Tells a party of the notice of assignment that this application was consolidated into another open case of the
    /// same employee, requesting physician and date of injury, and names that case (8 CCR § 9792.10.4(a)).
    /// </summary>
    public const string Consolidated = "Consolidated";
}

/// <summary>Who receives notifications that go to no particular person.</summary>
public static class Recipients
{
    /// <summary>The IMR organization's operations desk (escalations).</summary>
    public const string Operations = "operations";
}
