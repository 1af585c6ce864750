using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;

namespace Imr.Local.Engine;

/// <summary>
/// The test host's in-memory orchestration service with configured concurrency limits. The base class answers
/// <c>Environment.ProcessorCount</c> from non-virtual getters, and the sidecar's dispatcher sleeps 500 ms whenever that many
/// work items run, which on 2 cores is under one orchestration a second. The sidecar reads the limits through
/// <see cref="IOrchestrationService"/>, so re-implementing the interface here replaces just those two answers.
/// </summary>
internal sealed class InMemoryEngineService(ILoggerFactory loggerFactory, int maxConcurrentOrchestrations, int maxConcurrentActivities)
    : InMemoryOrchestrationService(loggerFactory), IOrchestrationService
{
    /// <summary>How many orchestration work items the sidecar's dispatcher runs at once.</summary>
    int IOrchestrationService.MaxConcurrentTaskOrchestrationWorkItems => maxConcurrentOrchestrations;

    /// <summary>How many activity work items the sidecar's dispatcher runs at once.</summary>
    int IOrchestrationService.MaxConcurrentTaskActivityWorkItems => maxConcurrentActivities;
}
