using Imr.Domain.Cases;
using Imr.Workflow.Contract;

namespace Imr.Workflow.Activities;

/// <summary>
/// What every case activity is told about the step it performs: which case, the statutory instant the orchestration
/// assigns to the step, and the versions to stamp on audit rows. The step key makes audit and notification ids
/// deterministic, so a retried activity writes nothing twice.
/// </summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Key">The step's stable key within the case, e.g. "assigned:2" or "records-reminder".</param>
/// <param name="At">The statutory instant of the step (the orchestration's clock, compressed in tests).</param>
/// <param name="PolicyVersion">The statutory policy version of the case.</param>
/// <param name="WorkflowVersion">The workflow version of the case.</param>
public sealed record CaseStep(CaseNumber CaseNumber, string Key, DateTimeOffset At, string PolicyVersion, string WorkflowVersion)
{
    /// <summary>
    /// The step's place in the case's history, set by the orchestration; the case row's watermark (see
    /// <see cref="CaseJournal.UpdateCaseAsync(CaseStep, Func{Imr.Domain.Cases.Case, Imr.Domain.Cases.Case?}, CancellationToken)"/>). Null when the queued input carries no order, and for steps made
    /// outside an orchestration.
    /// </summary>
    public StepOrder? Order { get; init; }

    /// <summary>The deterministic id of the audit row this step writes.</summary>
    public string AuditId => $"{CaseWorkflowContract.InstanceId(CaseNumber)}:{Key}";

    /// <summary>The deterministic id of a notification this step sends to one kind of recipient.</summary>
    public string NotificationId(string kind) => $"{CaseWorkflowContract.InstanceId(CaseNumber)}:{Key}:{kind}";
}
