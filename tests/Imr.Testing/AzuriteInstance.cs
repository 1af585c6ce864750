using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Imr.Testing;

/// <summary>
/// A real Azurite (blob, queue and table) for integration tests, started from the repository's pinned npm package on free
/// 127.0.0.1 ports. Use it as an xunit class or collection fixture, or create it with <see cref="StartAsync"/>.
/// In memory by default; give a <c>location</c> folder to keep data across <see cref="RestartAsync"/>.
/// Only the BCL and xunit's <see cref="IAsyncLifetime"/> are used, so any test project can link this file.
/// </summary>
public sealed class AzuriteInstance : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Azurite's account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string? location;
    private readonly StringBuilder output = new();
    private Process? process;

    /// <summary>Prepares an in-memory instance; xunit calls this for a fixture (fixtures must have one public constructor).</summary>
    public AzuriteInstance()
        : this(null)
    {
    }

    private AzuriteInstance(string? location) => this.location = location;

    /// <summary>The blob port.</summary>
    public int BlobPort { get; private set; }

    /// <summary>The queue port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>The table port.</summary>
    public int TablePort { get; private set; }

    /// <summary>Whether the Azurite process is running.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>The connection string for all three services.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>What Azurite wrote to its console so far (for failure messages).</summary>
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

    /// <summary>
    /// Starts a new instance and waits until it accepts connections. <paramref name="location"/> null means
    /// <c>--inMemoryPersistence</c>; a folder keeps the data across <see cref="RestartAsync"/> and across instances.
    /// </summary>
    public static async Task<AzuriteInstance> StartAsync(string? location = null)
    {
        var instance = new AzuriteInstance(location);
        try
        {
            await instance.StartProcessAsync();
            return instance;
        }
        catch
        {
            await instance.StopAsync();
            throw;
        }
    }

    /// <summary>The repository root: the first folder above the test binaries that holds ImrFunctions.sln.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ImrFunctions.sln above {AppContext.BaseDirectory}; cannot find the repository root.");
    }

    /// <inheritdoc />
    public Task InitializeAsync() => StartProcessAsync();

    /// <summary>Stops Azurite (its whole process tree) and waits for it to exit; the ports are kept for a restart.</summary>
    public async Task StopAsync()
    {
        var running = process;
        process = null;
        if (running is null)
        {
            return;
        }

        try
        {
            // Ask first: Azurite saves its on-disk metadata when it shuts down, and a killed one may lose recent writes.
            if (!running.HasExited && await SignalAsync(running.Id, "TERM"))
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await running.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time; killed below.
                }
            }

            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await running.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited on its own between the check and the kill.
        }
        finally
        {
            running.Dispose();
        }
    }

    /// <summary>Stops and starts again on the same ports (data survives only with a location folder).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => StopAsync();

    private static async Task<bool> SignalAsync(int processId, string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            if (kill is null)
            {
                return false;
            }

            await kill.WaitForExitAsync();
            return kill.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    // Below Linux's ephemeral range (32768+), so outgoing connections of the many processes a test run starts cannot take
    // the port between this check and Azurite's bind; random, so parallel test processes rarely pick the same one.
    private static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = attempt < 50 ? Random.Shared.Next(20000, 32000) : 0;
            var listener = new TcpListener(IPAddress.Loopback, candidate);
            try
            {
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (SocketException) when (candidate != 0)
            {
                // Taken; try another.
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task StartProcessAsync()
    {
        // A first start may lose a port to another process between the check and Azurite's bind: then it starts again on
        // new ports. A restart keeps its ports (the tests' clients hold them), so it gets no second try.
        var fresh = BlobPort == 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (InvalidOperationException e) when (fresh && attempt < 4 && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                BlobPort = QueuePort = TablePort = 0;
                lock (output)
                {
                    output.AppendLine($"(ports taken on attempt {attempt}; starting again on new ports)");
                }
            }
        }
    }

    private async Task StartOnceAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var root = FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"{azurite} is missing: run `npm ci` first (in {root}).");
        }

        if (BlobPort == 0)
        {
            BlobPort = FreePort();
            QueuePort = FreePort();
            TablePort = FreePort();
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = location ?? Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var started = new Process { StartInfo = start };
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (started.HasExited)
            {
                process = null;

                // Without a timeout, WaitForExit also waits until the redirected output is read to the end.
                await started.WaitForExitAsync();
                throw new InvalidOperationException($"Azurite exited with code {started.ExitCode} while starting:\n{Output}");
            }

            // Accepting alone could be another process on a port this one failed to bind: it must also still be running.
            if (await AcceptsAsync(BlobPort) && await AcceptsAsync(QueuePort) && await AcceptsAsync(TablePort) && !started.HasExited)
            {
                await Task.Delay(200);
                if (!started.HasExited)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                await StopAsync();
                throw new TimeoutException($"Azurite did not accept connections within {StartTimeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }
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
        }
    }
}
