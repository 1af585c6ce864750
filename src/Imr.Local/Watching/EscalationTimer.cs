using Imr.Local.Engine;
using Imr.Workflow.Application;
using Microsoft.Extensions.Options;

namespace Imr.Local.Watching;

/// <summary>The one-machine stand-in for the Functions timer: runs the escalation sweep on a <see cref="PeriodicTimer"/>.</summary>
internal sealed partial class EscalationTimer(
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
            LogSwept(report.Due, report.NearRaised, report.Retold, report.NearFailed, report.Escalated, report.AssignmentRetries, report.Restarted, report.Reported, report.Dropped);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the sweep is idempotent.
            LogSweepFailed(ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation sweep: {Due} overdue, {NearRaised} told a deadline is near ({Retold} of them again), {NearFailed} could not be told, {Escalated} escalated, {Retries} assignment retries, {Restarted} restarted, {Reported} reported, {Dropped} stale entries dropped.")]
    private partial void LogSwept(int due, int nearRaised, int retold, int nearFailed, int escalated, int retries, int restarted, int reported, int dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation sweep failed ({Error}); retrying on the next tick.")]
    private partial void LogSweepFailed(string error);
}
