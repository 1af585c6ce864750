using DurableTask.Core;
using DurableTask.Core.History;
using Imr.Local.Engine;

namespace Imr.Local.Recovery;

/// <summary>
/// Wraps the orchestration service the sidecar dispatches from and drops an <see cref="ExecutionStartedEvent"/> message
/// that arrives again for an execution whose history already starts with it.
/// <para>
/// Why: the Azure Storage provider checkpoints an episode as "send outbound messages, write history, then delete the
/// messages that triggered it". A host killed after the history write but before the delete gets the triggering
/// ExecutionStarted message back once the queue visibility timeout passes, and the provider's own de-duplication lets it
/// through (the Instances row names the same execution). DurableTask.Core's dispatcher drops such a message; the test
/// host's sidecar dispatcher does not: it appends it to the runtime state, which throws "Multiple ExecutionStartedEvent
/// found", abandons the whole batch (with whatever real events came with it) and retries it with exponential back-off
/// for as long as the orchestration runs. A kill -9 during a case's first episode does this (FaultTests).
/// </para>
/// <para>
/// The message stays in the work item's message batch, so the provider still deletes it when the episode completes;
/// only the sidecar no longer sees it.
/// </para>
/// </summary>
internal sealed class RedeliveredStartGuard(IOrchestrationService inner, ILogger<RedeliveredStartGuard> logger) : OrchestrationServiceDecorator(inner)
{
    /// <summary>
    /// Removes from <paramref name="workItem"/>'s new messages every ExecutionStarted for the execution its history already
    /// started. Returns how many were removed.
    /// </summary>
    public static int DropRedeliveredStarts(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var started = workItem.OrchestrationRuntimeState?.ExecutionStartedEvent;
        if (started is null || workItem.NewMessages is null)
        {
            return 0;
        }

        var executionId = started.OrchestrationInstance?.ExecutionId ?? workItem.OrchestrationRuntimeState!.OrchestrationInstance?.ExecutionId;
        var kept = workItem.NewMessages
            .Where(m => !(m.Event is ExecutionStartedEvent again
                && string.Equals(again.OrchestrationInstance?.ExecutionId ?? m.OrchestrationInstance?.ExecutionId, executionId, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var dropped = workItem.NewMessages.Count - kept.Count;
        if (dropped > 0)
        {
            workItem.NewMessages = kept;
        }

        return dropped;
    }

    /// <inheritdoc />
    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null && DropRedeliveredStarts(workItem) is > 0 and var dropped)
        {
            logger.RedeliveredStartsDropped(workItem.InstanceId, dropped);
        }

        return workItem!;
    }
}

/// <summary>Registration of <see cref="RedeliveredStartGuard"/> around whichever engine is registered.</summary>
internal static class RedeliveredStartGuardRegistration
{
    private const string EngineKey = "imr-engine-unguarded";

    /// <summary>
    /// Wraps the last registered <see cref="IOrchestrationService"/> (the one the sidecar resolves) in a
    /// <see cref="RedeliveredStartGuard"/>. Call after the engine is registered.
    /// </summary>
    public static IServiceCollection AddRedeliveredStartGuard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IOrchestrationService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("No IOrchestrationService is registered; register the durable engine first.");
        }

        // The engine stays registered, under a key, so the container still owns (and disposes) it.
        var engine = services[index];
        services[index] = engine.ImplementationInstance is { } instance
            ? ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, instance)
            : engine.ImplementationFactory is { } factory
                ? ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, (sp, _) => factory(sp))
                : ServiceDescriptor.KeyedSingleton(typeof(IOrchestrationService), EngineKey, engine.ImplementationType!);
        services.AddSingleton<IOrchestrationService>(sp => new RedeliveredStartGuard(
            sp.GetRequiredKeyedService<IOrchestrationService>(EngineKey),
            sp.GetRequiredService<ILogger<RedeliveredStartGuard>>()));
        return services;
    }
}
