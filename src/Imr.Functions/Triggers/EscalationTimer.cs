using Imr.Functions.Http;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Triggers;

/// <summary>The escalation sweep on the NCRONTAB schedule in <c>IMR_ESCALATION_SCHEDULE</c> (Bicep sets <c>0 */5 * * * *</c>).</summary>
public sealed partial class EscalationTimer(IServiceProvider services, ILogger<EscalationTimer> log)
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
        var report = await app.With<EscalationSweep>(client).RunAsync(cancellationToken).ConfigureAwait(false);
        LogSwept(report.Due, report.NearRaised, report.Retold, report.NearFailed, report.Escalated, report.AssignmentRetries, report.Restarted, report.Reported, report.Dropped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation sweep: {Due} overdue, {NearRaised} told a deadline is near ({Retold} of them again), {NearFailed} could not be told, {Escalated} escalated, {Retries} assignment retries, {Restarted} restarted, {Reported} reported, {Dropped} stale entries dropped.")]
    private partial void LogSwept(int due, int nearRaised, int retold, int nearFailed, int escalated, int retries, int restarted, int reported, int dropped);
}
