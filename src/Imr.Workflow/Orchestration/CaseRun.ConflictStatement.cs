using Imr.Workflow.Activities;
using Imr.Workflow.Contract;

namespace Imr.Workflow.Orchestration;

/// <summary>The assigned reviewer's per-case conflict statement (LC § 139.5): no conflict, or a decline.</summary>
internal sealed partial class CaseRun
{
    // Whether the current reviewer has stated no conflict; until then the records are not released to them and no
    // decision of theirs counts.
    private bool NoConflictStated => _p.ReviewerId is not null && _p.NoConflictAttempt == _p.Attempt;

    // A statement for an earlier assignment, from someone else, or a second one, changes nothing (the API refuses them first).
    private bool Answers(ConflictStatement statement) =>
        !NoConflictStated && string.Equals(statement.ReviewerId, _p.ReviewerId, StringComparison.Ordinal);

    // No conflict: recorded; when the review has started already, the records go to the reviewer now. A decline: the
    // assignment is released and the case goes to the next eligible reviewer, never the decliner (FindReviewerRequest
    // .PreviousReviewerIds); the deadlines keep running. Null when the phase goes on; a decline advances to Assigning.
    private async Task<CaseOutcome?> ConflictStatementAsync(ConflictStatement statement, bool reviewStarted)
    {
        if (!Answers(statement))
        {
            return null;
        }

        var reviewer = _p.ReviewerId!;
        if (statement.NoConflict)
        {
            await _context.CallConflictStatementAsync(
                new ConflictStatementRequest
                {
                    Step = Step(Key("no-conflict", _p.Attempt)),
                    ReviewerId = reviewer,
                    Attempt = _p.Attempt,
                    NoConflict = true,
                    ReviewDue = reviewStarted ? _p.Deadlines.DeterminationDue : null,
                },
                _storage);
            _p = _p with { NoConflictAttempt = _p.Attempt };
            return null;
        }

        var excluded = _p.PreviousReviewerIds.Append(reviewer).Distinct(StringComparer.Ordinal).ToList();
        await _context.CallConflictStatementAsync(
            new ConflictStatementRequest
            {
                Step = Step(Key("conflict-declined", _p.Attempt)),
                ReviewerId = reviewer,
                Attempt = _p.Attempt,
                NoConflict = false,
                Reason = statement.Reason,
                PreviousReviewerIds = excluded,
            },
            _storage);
        const string reason = "the previous reviewer declined the case for a conflict of interest (LC § 139.5)";
        await _context.CallReleaseAssignmentAsync(new ReleaseAssignmentRequest(Step(Key("released", _p.Attempt)), reviewer, _p.Attempt, reason), _storage);
        return Advance(_p with
        {
            Phase = CasePhase.Assigning,
            ReviewerId = null,
            PreviousReviewerIds = excluded,
            FailedAssignmentAttempts = 0,
            ReassignAt = null,
            AssignmentReason = reason,
        });
    }

    // A deadline point came while the reviewer has said nothing: besides the point's own notice, the case is escalated
    // once per assignment for the statement, the reviewer reminded and operations told (DeadlineNoticeActivity). No timer
    // of its own: it rides on the points the case waits for anyway (records reminder and escalation, determination
    // reminder and escalation), so a case whose reviewer answers in time costs nothing more.
    private async Task EscalateMissingStatementAsync(DateTimeOffset pointAt)
    {
        var point = Key("conflict-statement", _p.Attempt);
        if (NoConflictStated || _p.ReviewerId is null || _p.PointsDone.Contains(point, StringComparer.Ordinal))
        {
            return;
        }

        await DeadlineNoticeAsync(point, $"reviewer:{_p.ReviewerId}", "conflict-statement", pointAt, escalate: true);
    }
}
