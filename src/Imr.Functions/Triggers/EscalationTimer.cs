using Imr.Functions.Http;
using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Triggers;

/// <summary>The escalation sweep on the NCRONTAB schedule in <c>IMR_ESCALATION_SCHEDULE</c> (Bicep sets <c>0 */5 * * * *</c>).</summary>
public sealed class EscalationTimer(IServiceProvider services, ILogger<EscalationTimer> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary>Runs one sweep; running it twice does no harm.</summary>
    [Function("EscalationTimer")]
    public async Task Run(
        [TimerTrigger("%IMR_ESCALATION_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            log.SweepCompleted(await app.With<EscalationSweep>(client).RunAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next run tries again (the sweep is idempotent); the type alone is logged, as Imr.Local's timer does.
            log.SweepFailed(ex.GetType().Name);
        }
    }
}
