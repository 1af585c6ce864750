using System.Diagnostics;
using System.Net;

namespace Imr.Testing.Acceptance;

/// <summary>Waits for a host process the tests started to answer <c>GET /api/health</c> with 200.</summary>
public static class HostHealth
{
    /// <summary>
    /// Polls <c>health</c> on <paramref name="api"/> until 200; throws with the host's output when the process exits first
    /// or <paramref name="timeout"/> passes (the caller kills it then).
    /// </summary>
    public static async Task WaitAsync(Process process, HttpClient api, TimeSpan timeout, string hostName, Func<string> output)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(output);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // Without a timeout, WaitForExit also waits until the redirected output has been read to its end.
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"{hostName} exited with {process.ExitCode}:\n{output()}");
            }

            try
            {
                using var health = await api.GetAsync(new Uri("health", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{hostName} did not become healthy in {timeout.TotalSeconds:0} s:\n{output()}");
    }
}
