using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Imr.Http;

/// <summary><c>GET /health</c>: 200 <c>{"status":"ready"}</c> when storage and the durable engine answer, 503 naming what does not.</summary>
public static class HealthEndpoint
{
    /// <summary>Handles the request; <paramref name="engineStarted"/> says whether the host's task hub is up.</summary>
    public static async Task<IResult> HandleAsync(SystemHealth health, DurableTaskClient client, bool engineStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        return ProblemResults.Json(await health.CheckAsync(client, engineStarted, cancellationToken).ConfigureAwait(false));
    }
}
