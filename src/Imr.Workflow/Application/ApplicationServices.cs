using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Imr.Workflow.Application;

/// <summary>Registers the application services both hosts call.</summary>
public static class ApplicationServices
{
    /// <summary>
    /// Every application service that a host can build from its container alone (they need the storage ports registered too).
    /// The services that start or signal orchestrations (<see cref="EngineBoundServices"/>) also take the engine's
    /// <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/>: the Functions worker hands that out per invocation
    /// through the <c>[DurableClient]</c> binding, never as a service, so they are not registered here (a registration the
    /// container cannot satisfy stops the worker where it validates its container, as in Development).
    /// </summary>
    public static IServiceCollection AddCaseApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new CaseStartSettings());
        services.AddTransient<CaseQueries>();
        services.AddTransient<ReviewerRegistration>();
        services.AddTransient<SystemHealth>();
        services.AddTransient<TimelinessReports>();
        services.AddTransient<DueEscalations>();
        services.AddTransient<CaseRecords>();
        return services;
    }

    /// <summary>The application services that take a <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/>.</summary>
    public static IReadOnlyList<Type> EngineBoundServices { get; } =
        [typeof(CaseSubmission), typeof(RecordIntake), typeof(DecisionSubmission), typeof(InformationRequestSubmission), typeof(CaseWithdrawal), typeof(EscalationSweep), typeof(CaseRepair), typeof(HistoryRetention),
            typeof(ExpeditedConversion), typeof(ConflictStatementSubmission), typeof(ConsolidationHandover), typeof(RemandIntake)];

    /// <summary>
    /// Adds <see cref="AddCaseApplication"/> and the <see cref="EngineBoundServices"/>, for a host whose
    /// <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> is a service in its container (Imr.Local).
    /// </summary>
    public static IServiceCollection AddCaseApplicationWithEngineClient(this IServiceCollection services)
    {
        services.AddCaseApplication();
        foreach (var service in EngineBoundServices)
        {
            services.AddTransient(service);
        }

        return services;
    }
}
