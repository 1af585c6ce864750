using System.Globalization;
using Imr.Domain.Cases;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="ConflictStatementActivity"/>.</summary>
public sealed record ConflictStatementRequest
{
    /// <summary>The step ("no-conflict:{attempt}" or "conflict-declined:{attempt}").</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The reviewer who made the statement (the one assigned).</summary>
    public required string ReviewerId { get; init; }

    /// <summary>The assignment attempt the statement answers.</summary>
    public required int Attempt { get; init; }

    /// <summary>True: no conflict; false: the reviewer declines the case.</summary>
    public required bool NoConflict { get; init; }

    /// <summary>A decline's reason (short, non-clinical).</summary>
    public string? Reason { get; init; }

    /// <summary>Reviewers the case must not go to again, the decliner included (for a decline).</summary>
    public IReadOnlyList<string> PreviousReviewerIds { get; init; } = [];

    /// <summary>
    /// When the review has already started: its determination due date. The records are then released to the reviewer
    /// now, with the ReviewStarted notice the start held back.
    /// </summary>
    public DateTimeOffset? ReviewDue { get; init; }
}

/// <summary>
/// The reviewer's per-case conflict statement (LC § 139.5): "no conflict" is recorded on the row (records and decision
/// open to the reviewer); a decline takes the reviewer off the row, voids their assignment credential and records the
/// reason; the orchestration then releases the assignment and finds the next eligible reviewer. Audited either way.
/// Idempotent: absolute row values under the step watermark, the step's audit and notification ids.
/// </summary>
public sealed class ConflictStatementActivity : TaskActivity<ConflictStatementRequest, bool>
{
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public ConflictStatementActivity(CaseJournal journal) => _journal = journal;

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ConflictStatementRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        // Only the assignment the statement answers: a late copy must not touch a later reviewer's row.
        bool Current(Case c) => c.AssignmentCount == input.Attempt && string.Equals(c.ReviewerId, input.ReviewerId, StringComparison.Ordinal);
        if (input.NoConflict)
        {
            await _journal.UpdateCaseAsync(
                step,
                c => Current(c) ? c with { NoConflictStatedAt = step.At } : null,
                $"reviewer:{input.ReviewerId}",
                "NoConflictStated",
                string.Create(CultureInfo.InvariantCulture, $"attempt={input.Attempt}")).ConfigureAwait(false);
            if (input.ReviewDue is { } due)
            {
                await _journal.NotifyAsync(
                    step,
                    NotificationKinds.ReviewStarted,
                    $"reviewer:{input.ReviewerId}",
                    detail: string.Create(CultureInfo.InvariantCulture, $"determinationDue={due:O}")).ConfigureAwait(false);
            }

            return true;
        }

        await _journal.UpdateCaseAsync(step, c => Current(c) ? c with
        {
            ReviewerId = null,
            NoConflictStatedAt = null,
            PreviousReviewerIds = input.PreviousReviewerIds,
            AssignmentTokenHashes = [],
            StateReason = "the reviewer declined the case for a conflict of interest (LC § 139.5)",
        } : null,
            $"reviewer:{input.ReviewerId}",
            "ConflictDeclared",
            string.Create(CultureInfo.InvariantCulture, $"attempt={input.Attempt}; reason={input.Reason}")).ConfigureAwait(false);
        return true;
    }
}
