using Imr.Http;
using Imr.Local.Engine;
using Imr.Workflow.Application;
using Microsoft.Extensions.Options;

namespace Imr.Local.Watching;

/// <summary>The one-machine stand-in for the Functions timer: runs the escalation sweep on a <see cref="PeriodicTimer"/>.</summary>
internal sealed class EscalationTimer(
    IServiceScopeFactory scopes,
    IOptions<LocalOptions> options,
    EngineReadiness readiness,
    ILogger<EscalationTimer> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EscalationInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (readiness.TaskHubReady)
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunAsync(stoppingToken).ConfigureAwait(false);
            log.SweepCompleted(report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The next tick tries again; the sweep is idempotent. A timeout (cancelled, but not by the host) is a failure too.
            log.SweepFailed(ex.GetType().Name);
        }
    }
}
