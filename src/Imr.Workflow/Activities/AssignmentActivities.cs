using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Reviewers;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="FindReviewerActivity"/>.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="On">The statutory date eligibility is judged on (licenses and certifications must be current then).</param>
/// <param name="PreviousReviewerIds">Reviewers who had the case, including the current one when reassigning.</param>
public sealed record FindReviewerRequest(CaseNumber CaseNumber, DateOnly On, IReadOnlyList<string> PreviousReviewerIds)
{
    /// <summary>The case's statutory policy version (its reviewer license rule); empty means the current policy.</summary>
    public string PolicyVersion { get; init; } = "";
}

/// <summary>The reviewer chosen, or why nobody was.</summary>
/// <param name="ReviewerId">The best eligible reviewer, or null when none is eligible.</param>
/// <param name="Summary">Non-clinical explanation: candidates seen and the refusal reasons counted by code.</param>
/// <param name="TableVersion">The specialty-fit table version used.</param>
public sealed record FindReviewerResult(string? ReviewerId, string Summary, string TableVersion);

/// <summary>
/// Step 2a: reads the registry for the specialties the case needs and lets the domain rules choose the best eligible
/// reviewer. Read-only, so a retry is harmless; the choice is recorded by <see cref="RecordAssignmentActivity"/>, whose
/// input the orchestration history keeps, so a crash between the two never assigns a different reviewer.
/// </summary>
public sealed class FindReviewerActivity : TaskActivity<FindReviewerRequest, FindReviewerResult>
{
    private readonly ICaseFileStore _files;
    private readonly IReviewerRegistry _registry;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public FindReviewerActivity(ICaseFileStore files, IReviewerRegistry registry, ILogger<FindReviewerActivity> log)
    {
        _files = files;
        _registry = registry;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<FindReviewerResult> RunAsync(TaskActivityContext context, FindReviewerRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var caseFile = await _files.ReadAcceptedCaseFileAsync(input.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {input.CaseNumber} has no stored case file.");

        var specialties = SpecialtyFitTable.Current.SpecialtiesFor(caseFile).All.Distinct(StringComparer.Ordinal).ToList();
        var search = specialties.Count == 0
            ? new ReviewerSearch([], [])
            : await _registry.FindBySpecialtiesAsync(specialties).ConfigureAwait(false);
        if (search.Unreadable.Count > 0)
        {
            _log.UnreadableReviewers(input.CaseNumber, search.Unreadable.Count, string.Join(", ", search.Unreadable));
        }

        var choice = ReviewerSelection.Choose(
            caseFile, search.Reviewers, input.On, input.PreviousReviewerIds, tieBreak: input.CaseNumber.ToString(), policy: CasePolicies.Find(input.PolicyVersion));

        // Counted by each refused candidate's first failing rule; GET /reviewers/{id}/eligibility gives every reason.
        var refusals = choice.Refusals.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}×{r.Value}"));
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"specialties=[{string.Join(", ", specialties)}]; candidates={choice.Candidates}; refused=[{string.Join(", ", refusals)}]")
            + (search.Unreadable.Count > 0 ? $"; unreadable=[{string.Join(", ", search.Unreadable)}]" : "");
        if (choice.Chosen is { } chosen)
        {
            _log.ReviewerChosen(input.CaseNumber, chosen.Reviewer.Id, choice.Candidates, choice.TableVersion);
        }
        else
        {
            _log.NoReviewerEligible(input.CaseNumber, choice.Candidates, choice.TableVersion);
        }

        return new FindReviewerResult(choice.Chosen?.Reviewer.Id, summary, choice.TableVersion);
    }
}

/// <summary>The input of <see cref="RecordAssignmentActivity"/>.</summary>
public sealed record RecordAssignmentRequest
{
    /// <summary>The step ("assigned:{attempt}").</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The reviewer chosen.</summary>
    public required string ReviewerId { get; init; }

    /// <summary>The assignment attempt (1 for the first).</summary>
    public required int Attempt { get; init; }

    /// <summary>The state the case is in once assigned: AwaitingRecords, or UnderReview after a reassignment.</summary>
    public required CaseState State { get; init; }

    /// <summary>The case's deadlines after the assignment.</summary>
    public required CaseDeadlines Deadlines { get; init; }

    /// <summary>Reviewers who had the case before.</summary>
    public IReadOnlyList<string> PreviousReviewerIds { get; init; } = [];

    /// <summary>The escalation level.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>When the first reviewer was assigned, kept across reassignments.</summary>
    public DateTimeOffset AssignedAt { get; init; }

    /// <summary>Why, for a reassignment; null for the first assignment.</summary>
    public string? Reason { get; init; }

    /// <summary>The specialty-fit table version the choice used.</summary>
    public string TableVersion { get; init; } = "";
}

/// <summary>
/// Step 2b: records the assignment exactly once (the registry counts the load once per case and attempt), updates the
/// case row, audits, issues the assignment credential, and sends the notice of assignment and the records request.
/// </summary>
public sealed class RecordAssignmentActivity : TaskActivity<RecordAssignmentRequest, bool>
{
    private readonly IReviewerRegistry _registry;
    private readonly CaseJournal _journal;
    private readonly IIdempotencyRecords _credentials;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RecordAssignmentActivity(IReviewerRegistry registry, CaseJournal journal, IIdempotencyRecords credentials, ILogger<RecordAssignmentActivity> log)
    {
        _registry = registry;
        _journal = journal;
        _credentials = credentials;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordAssignmentRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var recorded = await _registry.RecordAssignmentAsync(input.ReviewerId, step.CaseNumber, input.Attempt).ConfigureAwait(false);

        // The credential is random, so it is made here and never in the orchestrator. Its hash goes on the case row in the
        // same write as the assignment, before the notice carries the token out. A retry of this step issues another token
        // for the same attempt and adds its hash; every token of the attempt stays valid, so whichever copy of the notice
        // the reviewer keeps works.
        var token = AssignmentCredential.NewToken();
        var tokenHash = AssignmentCredential.Hash(token);

        // A row that already shows a later attempt was written by a later step; a copy of the step that runs again late
        // (its host was killed mid-run, so the message came back after the visibility timeout) must not put a case that
        // has moved on to review back into AwaitingRecords. The step watermark refuses such a copy too; this guard also
        // covers a row or a step without a watermark.
        var row = await _journal.UpdateCaseAsync(step, c => c.AssignmentCount > input.Attempt ? c
            : c.AssignmentCount == input.Attempt ? c with { AssignmentTokenHashes = [.. c.AssignmentTokenHashes.TakeLast(Case.MaxAssignmentTokenHashes - 1), tokenHash] }
            : c with
            {
                State = input.State,
                StateReason = input.Reason,
                ReviewerId = input.ReviewerId,
                AssignmentCount = input.Attempt,
                PreviousReviewerIds = input.PreviousReviewerIds,
                EscalationLevel = input.EscalationLevel,
                AssignedAt = input.AssignedAt,
                Deadlines = input.Deadlines,
                AssignmentTokenHashes = [tokenHash],
            }).ConfigureAwait(false);

        // A late copy the row refused (the watermark, or a later attempt) records its credential as an idempotency record,
        // so the token its notice carries still works while its attempt is current (DecisionSubmission looks there too).
        if (row.AssignmentCount != input.Attempt || !row.AssignmentTokenHashes.Contains(tokenHash, StringComparer.Ordinal))
        {
            await _credentials.ClaimAsync(AssignmentCredential.Key(step.CaseNumber, input.Attempt, tokenHash), step.CaseNumber, tokenHash).ConfigureAwait(false);
        }

        var reassigned = input.Reason is not null;
        await _journal.AuditAsync(
            step,
            "system",
            reassigned ? "Reassigned" : "Assigned",
            string.Create(
                CultureInfo.InvariantCulture,
                $"reviewer={input.ReviewerId}; attempt={input.Attempt}; specialtyTable={input.TableVersion}; recordsDue={input.Deadlines.RecordsDue:O}; determinationDue={input.Deadlines.DeterminationDue:O}")
                + (reassigned ? $"; reason={input.Reason}" : "")).ConfigureAwait(false);

        await _journal.NotifyAsync(
            step,
            NotificationKinds.AssignmentNotice,
            $"reviewer:{input.ReviewerId}",
            reference: null,
            detail: reassigned ? NotificationKinds.Reassignment : null,
            assignmentToken: token).ConfigureAwait(false);
        _log.AssignmentRecorded(step.CaseNumber, step.Key, input.ReviewerId, input.Attempt, row.State, reassigned ? " (reassigned)" : "");
        return recorded;
    }
}

/// <summary>The input of <see cref="RecordUnassignedActivity"/>.</summary>
/// <param name="Step">The step ("unassigned:{n}").</param>
/// <param name="FailedAttempts">How many attempts in a row found nobody.</param>
/// <param name="EscalationLevel">The escalation level after this attempt.</param>
/// <param name="Escalated">Whether this attempt raised the level (then operations are notified).</param>
/// <param name="Summary">Why nobody was eligible (non-clinical).</param>
/// <param name="NextAttemptAt">When the next attempt is due (statutory time).</param>
public sealed record RecordUnassignedRequest(CaseStep Step, int FailedAttempts, int EscalationLevel, bool Escalated, string Summary, DateTimeOffset NextAttemptAt);

/// <summary>
/// Step 2c: no eligible reviewer. The case shows Unassigned with its escalation level, the attempt is audited with the
/// reasons, and operations are told when the level rises. Never silent.
/// </summary>
public sealed class RecordUnassignedActivity : TaskActivity<RecordUnassignedRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RecordUnassignedActivity(CaseJournal journal, ILogger<RecordUnassignedActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordUnassignedRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var reason = string.Create(CultureInfo.InvariantCulture, $"No eligible reviewer after {input.FailedAttempts} attempt(s); next attempt {input.NextAttemptAt:O}.");
        // Under the step watermark: a late copy of this step, run after the case was assigned, must not show the case
        // Unassigned with no reviewer (the decision endpoint reads the row's reviewer and would refuse the real one's).
        await _journal.UpdateCaseAsync(step, c => c with
        {
            State = CaseState.Unassigned,
            StateReason = reason,
            ReviewerId = null,
            EscalationLevel = input.EscalationLevel,
        }).ConfigureAwait(false);
        await _journal.AuditAsync(
            step,
            "system",
            input.Escalated ? "Escalated" : "Unassigned",
            string.Create(CultureInfo.InvariantCulture, $"{reason} level={input.EscalationLevel}; {input.Summary}")).ConfigureAwait(false);
        if (input.Escalated)
        {
            await _journal.NotifyAsync(
                step,
                NotificationKinds.Escalation,
                Recipients.Operations,
                detail: string.Create(CultureInfo.InvariantCulture, $"unassigned; level {input.EscalationLevel}")).ConfigureAwait(false);
        }

        _log.CaseUnassigned(step.CaseNumber, step.Key, input.FailedAttempts, input.EscalationLevel, input.Escalated);
        return true;
    }
}

/// <summary>The input of <see cref="ReleaseAssignmentActivity"/>.</summary>
/// <param name="Step">The step ("released:{attempt}").</param>
/// <param name="ReviewerId">The reviewer whose assignment ends.</param>
/// <param name="Attempt">The assignment's attempt number.</param>
/// <param name="Reason">Why (reassigned after a missed deadline, and so on).</param>
public sealed record ReleaseAssignmentRequest(CaseStep Step, string ReviewerId, int Attempt, string Reason);

/// <summary>Ends an assignment exactly once (takes one off the reviewer's load) and audits why.</summary>
public sealed class ReleaseAssignmentActivity : TaskActivity<ReleaseAssignmentRequest, bool>
{
    private readonly IReviewerRegistry _registry;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public ReleaseAssignmentActivity(IReviewerRegistry registry, CaseJournal journal, ILogger<ReleaseAssignmentActivity> log)
    {
        _registry = registry;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseAssignmentRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var released = await _registry.ReleaseAssignmentAsync(input.ReviewerId, input.Step.CaseNumber, input.Attempt).ConfigureAwait(false);
        await _journal.AuditAsync(
            input.Step,
            "system",
            "AssignmentReleased",
            string.Create(CultureInfo.InvariantCulture, $"reviewer={input.ReviewerId}; attempt={input.Attempt}; reason={input.Reason}")).ConfigureAwait(false);
        _log.AssignmentReleased(input.Step.CaseNumber, input.Step.Key, input.ReviewerId, input.Attempt, released);
        return released;
    }
}
