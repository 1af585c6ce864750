using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="StartReviewActivity"/>.</summary>
/// <param name="Step">The step ("review-started").</param>
/// <param name="RecordsReceivedAt">When the records count as received: their completion, or the records due date.</param>
/// <param name="Deadlines">The deadlines with the determination clock started.</param>
/// <param name="Reason">"records complete" or "records due date passed".</param>
/// <param name="ReviewerId">The assigned reviewer, told that the review has started (null when the recorded input has none).</param>
public sealed record StartReviewRequest(CaseStep Step, DateTimeOffset RecordsReceivedAt, CaseDeadlines Deadlines, string Reason, string? ReviewerId = null);

/// <summary>Step 3b: moves the case to UnderReview and starts the review clock from receipt of the records.</summary>
public sealed class StartReviewActivity : TaskActivity<StartReviewRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public StartReviewActivity(CaseJournal journal, ILogger<StartReviewActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StartReviewRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Under the step watermark: a late copy of this step after a reassignment must not put back the old deadlines.
        await _journal.UpdateCaseAsync(
            input.Step,
            c => c with
            {
                State = CaseState.UnderReview,
                StateReason = input.Reason,
                RecordsReceivedAt = input.RecordsReceivedAt,
                Deadlines = input.Deadlines,
            },
            "system",
            "ReviewStarted",
            string.Create(CultureInfo.InvariantCulture, $"reason={input.Reason}; recordsReceivedAt={input.RecordsReceivedAt:O}; determinationDue={input.Deadlines.DeterminationDue:O}")).ConfigureAwait(false);
        if (input.ReviewerId is { } reviewerId)
        {
            // After the state change, so a reviewer who acts on the notice finds the case under review.
            await _journal.NotifyAsync(
                input.Step,
                NotificationKinds.ReviewStarted,
                $"reviewer:{reviewerId}",
                detail: string.Create(CultureInfo.InvariantCulture, $"determinationDue={input.Deadlines.DeterminationDue:O}")).ConfigureAwait(false);
        }

        _log.ReviewStarted(input.Step.CaseNumber, input.Step.Key, input.Reason, input.Deadlines.DeterminationDue);
        return true;
    }
}
