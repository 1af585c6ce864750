using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Imr.Workflow;

/// <summary>Registers the case workflow with any Durable Task worker (Functions, Imr.Local, tests) in one call each.</summary>
public static class CaseWorkflowRegistration
{
    /// <summary>Adds the case orchestration (under <see cref="CaseWorkflowContract.OrchestrationName"/>) and its activities.</summary>
    public static DurableTaskRegistry AddCaseWorkflow(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<CaseOrchestration>();
        registry.AddActivity<AcceptCaseActivity>();
        registry.AddActivity<FindReviewerActivity>();
        registry.AddActivity<RecordAssignmentActivity>();
        registry.AddActivity<RecordUnassignedActivity>();
        registry.AddActivity<ReleaseAssignmentActivity>();
        registry.AddActivity<RecordArrivalActivity>();
        registry.AddActivity<StartReviewActivity>();
        registry.AddActivity<DeadlineNoticeActivity>();
        registry.AddActivity<RefuseDecisionActivity>();
        registry.AddActivity<IssueDeterminationActivity>();
        registry.AddActivity<EndCaseActivity>();
        return registry;
    }

    /// <summary>
    /// Adds what the activities need besides the storage ports (which the host registers, e.g. from Imr.Storage):
    /// the <see cref="CaseJournal"/> and a <see cref="TimeProvider"/> (the system clock unless one is registered).
    /// </summary>
    public static IServiceCollection AddCaseWorkflowActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CaseJournal>();
        return services;
    }
}
