using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Imr.Local.Tests.Harness;

/// <summary>
/// Imr.Local run as a real process (as a user runs it), against a test's Azurite, on a free port.
/// <see cref="Kill"/> is <c>kill -9</c>: nothing gets to shut down cleanly.
/// </summary>
public sealed class LocalProcess : IImrHost
{
    private readonly StringBuilder output = new();
    private readonly ProcessStartInfo start;
    private Process process = null!;
    private StreamWriter? logFile;

    private LocalProcess(ProcessStartInfo start, int port)
    {
        this.start = start;
        Port = port;
        Client = CallerIdentityHandler.Client(new Uri($"http://127.0.0.1:{port}/api/"), CallerHeader.DevelopmentSignIn, ImrCaller.Staff);
        Anonymous = CallerIdentityHandler.Client(new Uri($"http://127.0.0.1:{port}/api/"), CallerHeader.DevelopmentSignIn, ImrCaller.None);
    }

    /// <summary>The API port.</summary>
    public int Port { get; }

    /// <summary>A client whose base address is the API root (<c>/api/</c>), signed in as staff by the development sign-in unless a request names another caller.</summary>
    public HttpClient Client { get; }

    /// <inheritdoc />
    public HttpClient Api => Client;

    /// <inheritdoc />
    public HttpClient Anonymous { get; }

    /// <inheritdoc />
    public bool AnswersUnknownRoutes { get; } = true;

    /// <inheritdoc />
    public bool RequiresKey => false;

    /// <summary>What the process wrote (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts Imr.Local and waits until <c>GET /api/health</c> answers 200.</summary>
    public static Task<LocalProcess> StartAsync(string connectionString, string taskHub, string engine = "azurestorage", double? secondsPerDay = null, int? port = null) =>
        StartAsync([$"--ImrStorage={connectionString}", $"--ImrLocal:TaskHub={taskHub}", "--engine", engine], secondsPerDay, port);

    /// <summary>
    /// Starts Imr.Local with these arguments (plus port, polling and logging) and waits until it is healthy;
    /// <paramref name="prepare"/> sees the start before it happens (with the path of Imr.Local's assembly), to set the environment.
    /// </summary>
    public static async Task<LocalProcess> StartAsync(
        IReadOnlyList<string> arguments, double? secondsPerDay = null, int? port = null, Action<ProcessStartInfo, string>? prepare = null)
    {
        var apiPort = port ?? FreePort();
        var dll = typeof(Imr.Local.LocalOptions).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[]
        {
            dll,
            "--port", apiPort.ToString(CultureInfo.InvariantCulture),
            "--ImrLocal:WatchInterval=00:00:00.500",
            "--ImrLocal:EscalationInterval=00:00:02",
            "--Logging:LogLevel:Default=Warning",
            "--ImrLocal:DevelopmentSignIn=true",
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // IMR_HOST_EXTRA_ARGS (space-separated) adds arguments to every host, e.g. engine log levels while investigating a fault.
        foreach (var argument in (Environment.GetEnvironmentVariable("IMR_HOST_EXTRA_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        if (secondsPerDay is { } seconds)
        {
            start.ArgumentList.Add("--seconds-per-day");
            start.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        }

        prepare?.Invoke(start, dll);
        var local = new LocalProcess(start, apiPort);
        await local.StartProcessAsync();
        return local;
    }

    /// <inheritdoc />
    public Task BlobsCreatedAsync(params (string Container, string Name)[] blobs) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task RestartAsync()
    {
        Kill();
        process.Dispose();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        process = Process.Start(start) ?? throw new InvalidOperationException("Imr.Local did not start.");

        // IMR_HOST_LOG_DIR keeps every host's whole output on disk, including hosts a fault test killed (their output is
        // otherwise gone with them); one file per process.
        if (Environment.GetEnvironmentVariable("IMR_HOST_LOG_DIR") is { Length: > 0 } logDir)
        {
            Directory.CreateDirectory(logDir);
            var name = string.Create(CultureInfo.InvariantCulture, $"host-{DateTime.UtcNow:HHmmss.fff}-{process.Id}.log");
            lock (output)
            {
                logFile?.Dispose();
                logFile = new StreamWriter(Path.Combine(logDir, name)) { AutoFlush = true };
            }
        }

        var current = process;
        current.OutputDataReceived += (_, e) => Append(e.Data);
        current.ErrorDataReceived += (_, e) => Append(e.Data);
        current.BeginOutputReadLine();
        current.BeginErrorReadLine();

        try
        {
            await HostHealth.WaitAsync(current, Client, TimeSpan.FromSeconds(90), "Imr.Local", () => Output);
        }
        catch (TimeoutException)
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the host to stop (SIGTERM, as Ctrl-C or a service manager would) and waits for it to exit.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts connections on 127.0.0.1 at <paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first of <paramref name="count"/> consecutive free ports: Imr.Local puts Azurite's blob, queue and table on three
    /// consecutive ports, and a separate task hub's Azurite on the next three.
    /// </summary>
    public static int FreeRunOfPorts(int count)
    {
        // Below the ephemeral range (32768 and up on Linux), where an outgoing connection could take one of the ports in the
        // seconds before Imr.Local's Azurite binds it; every port of the run is bound once to prove it free.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000 - count);
            if (Enumerable.Range(first, count).All(CanBind))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No run of {count} free ports found.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        Client.Dispose();
        lock (output)
        {
            logFile?.Dispose();
            logFile = null;
        }

        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            logFile?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {line}"));
        }
    }
}
