using System.Globalization;
using Imr.Functions.Http;
using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Imr.Functions.Triggers;

/// <summary>
/// Once a day (03:30 UTC) purges the orchestration history of cases closed more than <c>IMR_RETENTION_DAYS</c> days ago
/// (<see cref="HistoryRetention"/>); unset or 0 keeps it forever. Case rows, files, letters and audit are never purged.
/// </summary>
public sealed class RetentionTimer(IServiceProvider services, IOptions<FunctionsHostSettings> settings, ILogger<RetentionTimer> log)
{
    /// <summary>The setting: days after a case closes that its orchestration history is kept; 0 keeps it forever.</summary>
    public const string RetentionDaysSetting = "IMR_RETENTION_DAYS";

    private readonly ApplicationFactory app = new(services);

    /// <summary>Runs one purge; running it twice does no harm.</summary>
    [Function("RetentionTimer")]
    public async Task Run(
        [TimerTrigger("0 30 3 * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        // A malformed value never reaches here: FunctionsHostSettings.Validator stops the start-up, naming it.
        if (!TryReadDays(settings.Value.RetentionDays, out var days) || days == 0)
        {
            return;
        }

        try
        {
            log.RetentionCompleted(await app.With<HistoryRetention>(client).RunAsync(days, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next day's run tries again; the type alone is logged.
            log.RetentionFailed(ex.GetType().Name);
        }
    }

    /// <summary>Reads the setting: unset is 0 (keep forever); otherwise a whole number of days, 0 or more.</summary>
    public static bool TryReadDays(string? text, out int days)
    {
        days = 0;
        return string.IsNullOrWhiteSpace(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days >= 0);
    }
}
