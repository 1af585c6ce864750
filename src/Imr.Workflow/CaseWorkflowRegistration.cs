using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Imr.Workflow;

/// <summary>Registers the case workflow with any Durable Task worker (Functions, Imr.Local, tests) in one call each.</summary>
public static class CaseWorkflowRegistration
{
    /// <summary>
    /// Every activity the case orchestration calls, registered under its class name. Hosts that need one wrapper per
    /// activity (the Functions app) can check their wrappers against this list.
    /// </summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(AcceptCaseActivity),
        typeof(NoticeOfAssignmentActivity),
        typeof(FindReviewerActivity),
        typeof(RecordAssignmentActivity),
        typeof(RecordUnassignedActivity),
        typeof(ReleaseAssignmentActivity),
        typeof(RecordArrivalActivity),
        typeof(StartReviewActivity),
        typeof(DeadlineNoticeActivity),
        typeof(RefuseDecisionActivity),
        typeof(InformationRequestActivity),
        typeof(IssueDeterminationActivity),
        typeof(EndCaseActivity),
        typeof(ReportFailureActivity),
        typeof(ExpediteCaseActivity),
        typeof(ConflictStatementActivity),
        typeof(ConsolidateApplicationActivity),
        typeof(CloseConsolidationActivity),
        typeof(RemandCaseActivity),
    ];

    /// <summary>
    /// Adds the case orchestration, under <see cref="CaseWorkflowContract.OrchestrationName"/> and the version it runs
    /// (<see cref="CaseWorkflowContract.CurrentVersion"/>), and its activities. A later version is registered beside it
    /// under the same name; the worker hands each case to the class of the version it started under.
    /// </summary>
    public static DurableTaskRegistry AddCaseWorkflow(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(CaseWorkflowContract.OrchestrationName, CaseWorkflowContract.CurrentVersion, () => new CaseOrchestration());
        foreach (var activity in ActivityTypes)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }

    /// <summary>
    /// The worker's versioning, the same rule as host.json's <c>durableTask</c> settings: the worker runs cases of its
    /// version or older and leaves a newer one untouched (Reject) for a worker that runs it, so during a rolling
    /// deployment an old worker never replays a case under code that is not its own.
    /// </summary>
    public static DurableTaskWorkerOptions.VersioningOptions WorkerVersioning() => new()
    {
        Version = CaseWorkflowContract.CurrentVersion,
        DefaultVersion = CaseWorkflowContract.CurrentVersion,
        MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
        FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
    };

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
