using System.Globalization;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

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
