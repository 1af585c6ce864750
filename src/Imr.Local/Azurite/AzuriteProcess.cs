using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Imr.Local.Azurite;

/// <summary>
/// The Azurite storage emulator, started from the repository's <c>node_modules</c> and stopped with the host.
/// Bound to 127.0.0.1 only; data kept on disk so cases survive restarts.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? process;

    private AzuriteProcess(Process? process, int blobPort)
    {
        this.process = process;
        BlobPort = blobPort;
    }

    /// <summary>The blob port; queue and table listen on the next two.</summary>
    public int BlobPort { get; }

    /// <summary>True when this host started Azurite (and so stops it).</summary>
    public bool Owned => process is not null;

    /// <summary>The connection string for the three services.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort);

    /// <summary>The connection string for an Azurite listening on 127.0.0.1 at these ports.</summary>
    public static string ConnectionStringFor(int blobPort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{blobPort + 1}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{blobPort + 2}/devstoreaccount1;");

    /// <summary>
    /// Starts Azurite, or reuses one already listening on the ports (for example one left behind when this host was killed),
    /// and waits until all three services accept connections.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, string location, int blobPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await AllListeningAsync(blobPort, cancellationToken).ConfigureAwait(false))
        {
            return new AzuriteProcess(null, blobPort);
        }

        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at '{executable}'. Run 'npm ci' in the repository root, or set ImrStorage.");
        }

        Directory.CreateDirectory(location);
        // Output is inherited, not piped: a pipe would break when this host is killed and take Azurite down with it
        // (EPIPE), while an Azurite that outlives a kill -9 is exactly what the next start reuses. --silent keeps its
        // request log (which names blobs) out of the console.
        // In its own session (setsid, where there is one), so the terminal's Ctrl-C reaches only this host, which then
        // stops its engine while storage is still up and stops Azurite last, instead of both dying at once.
        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var start = new ProcessStartInfo(setsid ?? executable)
        {
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add(executable);
        }

        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(blobPort + 1),
            "--tableHost", "127.0.0.1", "--tablePort", Port(blobPort + 2),
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
            "--location", location,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var azurite = new AzuriteProcess(process, blobPort);
        var deadline = DateTime.UtcNow + timeout;
        while (!await AllListeningAsync(blobPort, cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"Azurite did not start listening on 127.0.0.1:{blobPort}-{blobPort + 2} (are the ports taken?).");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return azurite;
    }

    /// <summary>Stops Azurite when this host started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // It was told to die; nothing more to do.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AllListeningAsync(int blobPort, CancellationToken cancellationToken)
    {
        for (var port = blobPort; port <= blobPort + 2; port++)
        {
            if (!await IsListeningAsync(port, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
