using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

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
        var reassigned = input.Reason is not null;
        var row = await _journal.UpdateCaseAsync(
            step,
            c => c.AssignmentCount > input.Attempt ? c
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
                // A new reviewer states afresh that they have no conflict (LC § 139.5).
                NoConflictStatedAt = null,
            },
            "system",
            reassigned ? "Reassigned" : "Assigned",
            string.Create(
                CultureInfo.InvariantCulture,
                $"reviewer={input.ReviewerId}; attempt={input.Attempt}; specialtyTable={input.TableVersion}; recordsDue={input.Deadlines.RecordsDue:O}; determinationDue={input.Deadlines.DeterminationDue:O}")
                + (reassigned ? $"; reason={input.Reason}" : "")).ConfigureAwait(false);

        // A late copy the row refused (the watermark, or a later attempt) records its credential as an idempotency record,
        // so the token its notice carries still works while its attempt is current (DecisionSubmission looks there too).
        if (row.AssignmentCount != input.Attempt || !row.AssignmentTokenHashes.Contains(tokenHash, StringComparer.Ordinal))
        {
            await _credentials.ClaimAsync(AssignmentCredential.Key(step.CaseNumber, input.Attempt, tokenHash), step.CaseNumber, tokenHash).ConfigureAwait(false);
        }

        await _journal.NotifyAsync(
            step,
            [CaseJournal.To(step, NotificationKinds.AssignmentNotice, $"reviewer:{input.ReviewerId}", reference: null, detail: reassigned ? NotificationKinds.Reassignment : null, assignmentToken: token)]).ConfigureAwait(false);
        _log.AssignmentRecorded(step.CaseNumber, step.Key, input.ReviewerId, input.Attempt, row.State, reassigned ? " (reassigned)" : "");
        return recorded;
    }
}
