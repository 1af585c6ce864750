using Imr.Domain.Cases;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;

namespace Imr.Workflow.Application;

/// <summary>
/// The health check both hosts answer <c>GET /health</c> with: ready when storage answers with its containers in place and
/// the durable engine answers a status query through the client the host hands in.
/// </summary>
public sealed class SystemHealth(IStorageReadiness storage)
{
    /// <summary>How long each dependency gets to answer.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks storage and the engine. <paramref name="engineStarted"/> is false while a host is still creating its task hub;
    /// the engine is not asked then.
    /// </summary>
    public async Task<Outcome<HealthReport>> CheckAsync(DurableTaskClient client, bool engineStarted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = new List<ValidationProblem>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            if (await storage.ProblemAsync(timeout.Token).ConfigureAwait(false) is { } problem)
            {
                problems.Add(new("storage", problem));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problems.Add(new("storage", $"Storage did not answer ({ex.GetType().Name})."));
        }

        if (!engineStarted)
        {
            problems.Add(new("engine", "The durable task hub is not ready yet."));
        }
        else
        {
            try
            {
                await client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problems.Add(new("engine", $"The durable engine did not answer ({ex.GetType().Name})."));
            }
        }

        return problems.Count == 0
            ? Outcome<HealthReport>.Success(new HealthReport("ready"))
            : Outcome<HealthReport>.Refused(OutcomeStatus.ServiceUnavailable, "Not ready.", problems);
    }
}

/// <summary>The body of a healthy answer.</summary>
/// <param name="Status">Always "ready".</param>
public sealed record HealthReport(string Status);
