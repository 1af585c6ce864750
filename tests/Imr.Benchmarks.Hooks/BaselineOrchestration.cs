using Microsoft.DurableTask;

namespace Imr.Benchmarks.Hooks;

/// <summary>A bare orchestration: calls <see cref="NoOpActivity"/> as many times as its input says, one after another, as a case does.</summary>
internal sealed class BaselineOrchestration : TaskOrchestrator<int, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < input; i++)
        {
            await context.CallActivityAsync<bool>(nameof(NoOpActivity), new NoOpStep(context.InstanceId, i == input - 1)).ConfigureAwait(true);
        }

        return input;
    }
}

/// <summary>One step of the baseline; the last step tells the tracker, as the case's letter activity marks the case Determined.</summary>
internal sealed record NoOpStep(string InstanceId, bool Last);

/// <summary>Does nothing, except that the last step of an instance records when it ran.</summary>
internal sealed class NoOpActivity(BaselineTracker tracker) : TaskActivity<NoOpStep, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, NoOpStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Last)
        {
            tracker.Finished(input.InstanceId);
        }

        return Task.FromResult(true);
    }
}
