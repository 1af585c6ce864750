using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Imr.Workflow.Application;

/// <summary>Registers the application services both hosts call.</summary>
public static class ApplicationServices
{
    /// <summary>Adds the application services (they need the storage ports and a DurableTaskClient registered too).</summary>
    public static IServiceCollection AddCaseApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new CaseStartSettings());
        services.AddTransient<CaseSubmission>();
        services.AddTransient<CaseQueries>();
        services.AddTransient<RecordIntake>();
        services.AddTransient<DecisionSubmission>();
        services.AddTransient<CaseWithdrawal>();
        services.AddTransient<ReviewerRegistration>();
        services.AddTransient<EscalationSweep>();
        services.AddTransient<CaseRepair>();
        return services;
    }
}
