using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="RefuseDecisionActivity"/>.</summary>
/// <param name="Step">The step ("decision-refused:{n}").</param>
/// <param name="SubmittedBy">The reviewer id the decision claimed, or "unknown".</param>
/// <param name="Reasons">Every reason, naming fields and item numbers but never clinical text.</param>
public sealed record RefuseDecisionRequest(CaseStep Step, string SubmittedBy, IReadOnlyList<string> Reasons);

/// <summary>Step 5: audits a refused decision with its reasons; the case keeps waiting for a valid one.</summary>
public sealed class RefuseDecisionActivity : TaskActivity<RefuseDecisionRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RefuseDecisionActivity(CaseJournal journal, ILogger<RefuseDecisionActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RefuseDecisionRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(input.Step, $"reviewer:{input.SubmittedBy}", "DecisionRefused", string.Join(" | ", input.Reasons)).ConfigureAwait(false);
        _log.DecisionRefusedAudited(input.Step.CaseNumber, input.Step.Key, input.Reasons.Count);
        return true;
    }
}
