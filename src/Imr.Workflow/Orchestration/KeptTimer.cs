using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Domain.Decisions;
using Imr.Workflow.Timing;
using Microsoft.DurableTask;

namespace Imr.Workflow.Orchestration;

/// <summary>A durable timer kept across waits, with the instant it fires.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The source never has a timeout, so disposing it frees nothing; a kept timer normally outlives the orchestration's last step.")]
internal sealed class KeptTimer
{
    private readonly CancellationTokenSource _cancel = new();

    public KeptTimer(TaskOrchestrationContext context, DateTime fireAt)
    {
        FireAt = fireAt;
        Timer = context.CreateTimer(fireAt, _cancel.Token);
    }

    public DateTime FireAt { get; }

    public Task Timer { get; }

    /// <summary>
    /// Cancels synchronously, inside the orchestrator's episode (CancelAsync would run on the thread pool, outside it).
    /// </summary>
    public void Cancel()
    {
#pragma warning disable CA1849 // Call async methods when in an async method
        _cancel.Cancel();
#pragma warning restore CA1849
    }
}
