using System.Globalization;
using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="EndCaseActivity"/>.</summary>
/// <param name="Step">The step ("terminated").</param>
/// <param name="Ended">Why and when the case ended.</param>
/// <param name="ReviewerId">The reviewer who had the case, whose assignment is released; null when unassigned.</param>
/// <param name="Attempt">That assignment's attempt number.</param>
public sealed record EndCaseRequest(CaseStep Step, CaseEnded Ended, string? ReviewerId, int Attempt);

/// <summary>Step 7: the case ends early (withdrawn or treatment authorized): released, Terminated with the reason, audited.</summary>
public sealed class EndCaseActivity : TaskActivity<EndCaseRequest, bool>
{
    private readonly Ports.IReviewerRegistry _registry;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public EndCaseActivity(Ports.IReviewerRegistry registry, CaseJournal journal, ILogger<EndCaseActivity> log)
    {
        _registry = registry;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, EndCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ReviewerId is { } reviewerId)
        {
            await _registry.ReleaseAssignmentAsync(reviewerId, input.Step.CaseNumber, input.Attempt).ConfigureAwait(false);
        }

        var reason = $"{input.Ended.Reason}: {input.Ended.Detail}";
        await _journal.UpdateCaseAsync(input.Step, c => c with { State = CaseState.Terminated, StateReason = reason }).ConfigureAwait(false);
        await _journal.AuditAsync(
            input.Step,
            "api",
            "Terminated",
            string.Create(CultureInfo.InvariantCulture, $"reason={input.Ended.Reason}; reviewer={input.ReviewerId ?? "none"}; released={input.ReviewerId is not null}")).ConfigureAwait(false);
        _log.CaseTerminated(input.Step.CaseNumber, input.Step.Key, input.Ended.Reason.ToString(), input.ReviewerId is not null);
        return true;
    }
}
