using System.Globalization;
using Imr.Http;
using Imr.Storage;
using Imr.Workflow;
using Imr.Workflow.Application;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Imr.Functions;

/// <summary>The Functions app's services: what Program.cs registers, in one call a test can build and validate.</summary>
public static class FunctionsApp
{
    /// <summary>The setting that compresses statutory time (real seconds per statutory day), for demos and end-to-end tests.</summary>
    public const string SecondsPerStatutoryDaySetting = "IMR_SECONDS_PER_STATUTORY_DAY";

    /// <summary>
    /// <c>true</c> to consolidate applications of the same employee, requesting physician and date of injury into one review
    /// (8 CCR § 9792.10.4(a): the organization "may"); unset or <c>false</c> keeps each application a case of its own.
    /// </summary>
    public const string ConsolidateSetting = "IMR_CONSOLIDATE";

    /// <summary>
    /// Storage, the workflow's activities, the application services the container can build (the ones that need a
    /// durable client are made per invocation by <see cref="Http.ApplicationFactory"/>), and the settings checked at start-up.
    /// </summary>
    public static IServiceCollection AddImrFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddImrStorage(configuration);
        services.AddCaseWorkflowActivities();
        // A malformed value runs in real time here and stops the start-up in FunctionsHostSettings.Validator, naming it.
        var secondsPerDay = double.TryParse(configuration[SecondsPerStatutoryDaySetting], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : (double?)null;
        // A malformed value stops the start-up in FunctionsHostSettings.Validator, naming it.
        var consolidate = bool.TryParse(configuration[ConsolidateSetting], out var on) && on;
        services.AddSingleton(CaseStartSettings.For(secondsPerDay, consolidate));
        services.AddCaseApplication();
        services.AddImrProblemDetails();
        services.AddSingleton<IValidateOptions<FunctionsHostSettings>, FunctionsHostSettings.Validator>();
        services.AddOptions<FunctionsHostSettings>()
            .Configure(settings =>
            {
                settings.HostName = configuration[FunctionsHostSettings.HostNameSetting];
                settings.SecondsPerStatutoryDay = configuration[SecondsPerStatutoryDaySetting];
                settings.RetentionDays = configuration[Triggers.RetentionTimer.RetentionDaysSetting];
                settings.Consolidate = configuration[ConsolidateSetting];
            })
            .ValidateOnStart();
        return services;
    }
}
