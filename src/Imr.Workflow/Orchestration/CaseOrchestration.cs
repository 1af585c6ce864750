using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>
/// One case from intake to issued determination: accept, assign, wait for records, wait for the decision under deadline
/// timers, issue the letter. Deterministic: time comes from the context, every I/O is an activity. The phases run one
/// after another in one generation; after <see cref="WorkflowTiming.WakeUpsPerGeneration"/> wake-ups the case continues
/// as new, carrying <see cref="CaseProgress"/> in the input, so history stays small. It runs cases of workflow version
/// <see cref="CaseWorkflowContract.CurrentVersion"/> (the orchestration version the case started under).
/// </summary>
public sealed class CaseOrchestration : TaskOrchestrator<CaseWorkflowInput, CaseOutcome?>
{
    /// <inheritdoc />
    public override Task<CaseOutcome?> RunAsync(TaskOrchestrationContext context, CaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        // A host that hands every version to this class (the Functions app's one function per name) must not replay a
        // case of another version under this code: it fails loudly instead (docs/workflow.md, "Versioning").
        if (context.Version != CaseWorkflowContract.CurrentVersion)
        {
            throw new NotSupportedException(
                $"Case {input.CaseNumber} runs workflow version '{context.Version}'; this class runs {CaseWorkflowContract.CurrentVersion}.");
        }

        return new CaseRun(context, input).RunAsync();
    }
}
