using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Imr.Local.Azurite;

/// <summary>
/// The Azurite storage emulator, started from the repository's <c>node_modules</c> and stopped with the host.
/// Bound to 127.0.0.1 only; data kept on disk so cases survive restarts. One found already listening on the ports is
/// adopted (and stopped with the host) only when it keeps its data in the configured folder.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private AzuriteProcess(Process process, int blobPort, bool adopted)
    {
        this.process = process;
        BlobPort = blobPort;
        Adopted = adopted;
    }

    /// <summary>The blob port; queue and table listen on the next two.</summary>
    public int BlobPort { get; }

    /// <summary>True when Azurite was already running (left behind by a killed host) and this host took it over; it stops it all the same.</summary>
    public bool Adopted { get; }

    /// <summary>The process id of the Azurite this host stops.</summary>
    public int ProcessId => process.Id;

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
    /// Starts Azurite, or adopts one already listening on the ports (for example one left behind when this host was
    /// killed) when it keeps its data in <paramref name="location"/>, and waits until all three services accept
    /// connections. Anything else on the ports is refused: another folder's data must never be used silently.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, string location, int blobPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Absolute, so the folder Azurite is given (it runs in the repository root) is the folder configured.
        location = Path.GetFullPath(location);
        if (await AllListeningAsync(blobPort, cancellationToken).ConfigureAwait(false))
        {
            return new AzuriteProcess(Adopt(blobPort, location), blobPort, adopted: true);
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
        var azurite = new AzuriteProcess(process, blobPort, adopted: false);
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

    /// <summary>Stops Azurite, whether this host started it or adopted it.</summary>
    public async ValueTask DisposeAsync()
    {
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

    /// <summary>
    /// The process listening on <paramref name="blobPort"/>, when it is an Azurite whose <c>--location</c> is
    /// <paramref name="location"/>; otherwise an error that says what is on the port and what to do. Read from /proc: the
    /// socket's inode in /proc/net/tcp, the process holding it, and that process's command line and working directory.
    /// </summary>
    internal static Process Adopt(int blobPort, string location)
    {
        var ports = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{blobPort}-{blobPort + 2}");
        var pid = ListeningProcess(blobPort);
        if (pid is null)
        {
            throw new InvalidOperationException(
                $"Something already listens on {ports}, and this host cannot tell which process it is (no /proc, or not ours to read), " +
                $"so cannot tell whether it keeps its data in '{location}'. Stop it, use other ports (ImrLocal:AzuriteBlobPort), " +
                "or point ImrStorage:ConnectionString at it.");
        }

        var arguments = CommandLine(pid.Value);
        var isAzurite = arguments.Any(a => a.Contains("azurite", StringComparison.OrdinalIgnoreCase));
        var served = isAzurite ? LocationArgument(arguments, WorkingDirectory(pid.Value)) : null;
        if (served is null || !SameFolder(served, location))
        {
            var what = !isAzurite ? $"process {pid} ({string.Join(' ', arguments.Take(3))}), not Azurite"
                : served is null ? $"Azurite (process {pid}) keeping its data in memory or in its working directory"
                : $"Azurite (process {pid}) keeping its data in '{served}'";
            throw new InvalidOperationException(
                $"{ports} is taken by {what}; ImrLocal:AzuriteLocation is '{location}'. Refusing to use another folder's data: " +
                $"stop process {pid}, or set ImrLocal:AzuriteLocation to its folder, or use other ports (ImrLocal:AzuriteBlobPort).");
        }

        return Process.GetProcessById(pid.Value);
    }

    /// <summary>The id of the process holding the listening socket on 127.0.0.1 (or any address) at <paramref name="port"/>, or null when it cannot be told.</summary>
    internal static int? ListeningProcess(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; the port is hex after the colon, 0A is LISTEN.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A"
                    && int.TryParse(fields[1].AsSpan(fields[1].IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var listening)
                    && listening == port)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that ended meanwhile.
            }
        }

        return null;
    }

    /// <summary>The folder a command line gives Azurite with <c>--location</c> (or <c>-l</c>), resolved against its working directory.</summary>
    internal static string? LocationArgument(IReadOnlyList<string> arguments, string? workingDirectory)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? value = argument is "--location" or "-l" && i + 1 < arguments.Count ? arguments[i + 1]
                : argument.StartsWith("--location=", StringComparison.Ordinal) ? argument["--location=".Length..]
                : null;
            if (value is not null)
            {
                return workingDirectory is null ? Path.GetFullPath(value) : Path.GetFullPath(value, workingDirectory);
            }
        }

        return null;
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
    }

    private static string? WorkingDirectory(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
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
