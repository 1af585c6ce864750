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
        services.AddSingleton(CaseStartSettings.For(secondsPerDay));
        services.AddCaseApplication();
        services.AddImrProblemDetails();
        services.AddSingleton<IValidateOptions<FunctionsHostSettings>, FunctionsHostSettings.Validator>();
        services.AddOptions<FunctionsHostSettings>()
            .Configure(settings =>
            {
                settings.HostName = configuration[FunctionsHostSettings.HostNameSetting];
                settings.SecondsPerStatutoryDay = configuration[SecondsPerStatutoryDaySetting];
                settings.RetentionDays = configuration[Triggers.RetentionTimer.RetentionDaysSetting];
            })
            .ValidateOnStart();
        return services;
    }
}
