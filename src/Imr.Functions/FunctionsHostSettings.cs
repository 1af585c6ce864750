using System.Globalization;
using Microsoft.Extensions.Options;

namespace Imr.Functions;

/// <summary>Settings the Functions host must give the app, checked when the worker starts so a gap is named at once.</summary>
public sealed class FunctionsHostSettings
{
    /// <summary>
    /// The host's own name and port. Azure and Core Tools set it; the Durable Functions extension builds the management URLs of
    /// a <c>[DurableClient]</c> binding from it, and outside an HTTP request (the timer, the blob triggers) it has nothing else
    /// to build them from, so those invocations fail with "Webhooks are not configured" without it.
    /// </summary>
    public const string HostNameSetting = "WEBSITE_HOSTNAME";

    /// <summary>The value of <see cref="HostNameSetting"/>.</summary>
    public string? HostName { get; set; }

    /// <summary>The value of <see cref="FunctionsApp.SecondsPerStatutoryDaySetting"/>, unparsed.</summary>
    public string? SecondsPerStatutoryDay { get; set; }

    /// <summary>The value of <see cref="Triggers.RetentionTimer.RetentionDaysSetting"/>, unparsed.</summary>
    public string? RetentionDays { get; set; }

    /// <summary>The value of <see cref="FunctionsApp.ConsolidateSetting"/>, unparsed.</summary>
    public string? Consolidate { get; set; }

    /// <summary>Names each missing or malformed setting and why it is needed.</summary>
    public sealed class Validator : IValidateOptions<FunctionsHostSettings>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, FunctionsHostSettings options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var failures = new List<string>();
            if (string.IsNullOrWhiteSpace(options.HostName))
            {
                failures.Add(
                    $"{HostNameSetting} is not set. Azure and Core Tools set it to the host's name and port (for example 'localhost:7071'); " +
                    "a host started otherwise must set it, or the escalation timer and the blob triggers fail with 'Webhooks are not configured'.");
            }

            if (options.SecondsPerStatutoryDay is { Length: > 0 } seconds &&
                (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0)))
            {
                failures.Add($"{FunctionsApp.SecondsPerStatutoryDaySetting} must be a positive number of seconds (or unset for real time); it is '{seconds}'.");
            }

            if (!Triggers.RetentionTimer.TryReadDays(options.RetentionDays, out _))
            {
                failures.Add($"{Triggers.RetentionTimer.RetentionDaysSetting} must be a whole number of days, 0 or more (0 or unset keeps orchestration history forever); it is '{options.RetentionDays}'.");
            }

            if (options.Consolidate is { Length: > 0 } consolidate && !bool.TryParse(consolidate, out _))
            {
                failures.Add($"{FunctionsApp.ConsolidateSetting} must be true or false (unset is false); it is '{consolidate}'.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
