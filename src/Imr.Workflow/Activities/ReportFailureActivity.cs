using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="ReportFailureActivity"/>.</summary>
/// <param name="Step">The step ("failed:{generation}").</param>
/// <param name="Failure">What failed, without clinical text: the activity name and the error type and message.</param>
public sealed record ReportFailureRequest(CaseStep Step, string Failure);

/// <summary>
/// When a step fails after all its retries, the case must not stop silently: the failure is audited and operations
/// are told, and then the orchestration fails visibly (runtime status Failed) so it can be inspected and restarted.
/// </summary>
public sealed class ReportFailureActivity : TaskActivity<ReportFailureRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public ReportFailureActivity(CaseJournal journal, ILogger<ReportFailureActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ReportFailureRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(input.Step, "system", "WorkflowFailed", input.Failure).ConfigureAwait(false);
        await _journal.NotifyAsync(input.Step, NotificationKinds.Escalation, Recipients.Operations, detail: "workflow failed: " + input.Failure).ConfigureAwait(false);
        _log.WorkflowFailureReported(input.Step.CaseNumber, input.Step.Key);
        return true;
    }
}
