using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Imr.Benchmarks.Hooks;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// Imr.Local as a child process for one end-to-end run: built in Release, copied into a temporary directory with the
/// benchmark hooks beside it (tests/Imr.Benchmarks.Hooks, so Imr.Local's own build output stays as it is), started on a free
/// port with its own Azurite (free ports, the same temporary directory), stopped with SIGTERM so it stops its Azurite too.
/// Everything binds to 127.0.0.1.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StreamWriter _log;

    private LocalHostProcess(Process process, int port, int azuriteBlobPort, string dataDirectory, StreamWriter log, string logPath)
    {
        StorageConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{azuriteBlobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{azuriteBlobPort + 1}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{azuriteBlobPort + 2}/devstoreaccount1;");
        _process = process;
        Port = port;
        _dataDirectory = dataDirectory;
        _log = log;
        LogPath = logPath;
    }

    /// <summary>Azurite's well-known development account key (public; it opens only a local emulator).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string of the Azurite the host started (the scripted reviewer reads its notices there).</summary>
    public string StorageConnectionString { get; }

    /// <summary>The API port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The host's process id (the .NET process itself, not a launcher).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Where the host's console output goes.</summary>
    public string LogPath { get; }

    /// <summary>Builds Imr.Local in Release and returns the path of its assembly.</summary>
    public static async Task<string> BuildAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var project = Path.Combine(repositoryRoot, "src", "Imr.Local", "Imr.Local.csproj");
        // -getProperty alone only evaluates the project (nothing is built); -t:Build makes it build first.
        var (exitCode, output) = await RunAsync(
            "dotnet", ["build", project, "-c", "Release", "-m:1", "-nologo", "-t:Build", "-getProperty:TargetPath"], repositoryRoot, cancellationToken);
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"Building Imr.Local failed (exit {exitCode}):\n{output}");
        }

        return path;
    }

    /// <summary>Starts the host (with <paramref name="hostSettings"/> as extra <c>--Key=Value</c> arguments) and waits until <c>GET /api/health</c> answers 200.</summary>
    public static async Task<LocalHostProcess> StartAsync(
        string assembly, string repositoryRoot, string engine, IReadOnlyList<string> hostSettings, string logDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort();
        // Six: the application's Azurite takes three, and ImrLocal:TaskHubStorage=separate starts a second on the next three.
        var azuriteBlobPort = FreeConsecutivePorts(6);
        var data = Directory.CreateTempSubdirectory("imr-bench-").FullName;

        // Inside the temporary folder, not the folder itself: with ImrLocal:TaskHubStorage=separate the host puts the task
        // hub's Azurite in "<AzuriteLocation>-taskhub", a sibling, which then sits under the folder Dispose deletes too.
        var azuriteLocation = Directory.CreateDirectory(Path.Combine(data, "azurite")).FullName;
        var hostAssembly = CopyHost(assembly, Path.Combine(data, "host"));
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"imr-local-{engine}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            hostAssembly, "--engine", engine, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--ImrLocal:DevelopmentSignIn=true",
            $"--ImrLocal:RepositoryRoot={repositoryRoot}",
            $"--ImrLocal:AzuriteLocation={azuriteLocation}",
            $"--ImrLocal:AzuriteBlobPort={azuriteBlobPort.ToString(CultureInfo.InvariantCulture)}",

            // Per-request logging at Information would be part of what is measured; warnings and errors still show.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        }.Concat(hostSettings.Select(setting => "--" + setting)))
        {
            start.ArgumentList.Add(argument);
        }

        BenchmarkHookActivation.AddTo(start, hostAssembly);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Imr.Local did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new LocalHostProcess(process, port, azuriteBlobPort, data, log, logPath);
        try
        {
            await host.WaitForHealthAsync(TimeSpan.FromMinutes(3), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The peak resident set (VmHWM) of the host and of the Azurite it started, in bytes (0 when unreadable).</summary>
    public (long Host, long Azurite) PeakWorkingSets()
    {
        var host = ProcStatus(_process.Id, "VmHWM:");

        // The sum over every child: with ImrLocal:TaskHubStorage=separate that is both Azurites (application and task hub).
        var azurite = ChildProcesses(_process.Id).Sum(child => ProcStatus(child, "VmHWM:"));
        return (host, azurite);
    }

    /// <summary>
    /// The CPU time (user and system) the Azurites this host started have used so far, in milliseconds (0 when unreadable).
    /// Azurite is one node process, so it saturates at one core: its CPU per case bounds the cases a second.
    /// </summary>
    public double AzuriteCpuMs() => ChildProcesses(_process.Id).Sum(ProcCpuMs);

    /// <summary>Stops the host with SIGTERM (it then stops its Azurite), or kills it after 30 s, and removes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be closing its files; a temporary directory left behind is harmless.
        }
    }

    private async Task WaitForHealthAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Imr.Local exited with {_process.ExitCode}; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/api/health"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow answer while starting.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"Imr.Local was not healthy within {limit}; see {LogPath}.");
    }

    /// <summary>Copies Imr.Local's build output (every file under the assembly's folder) and returns the copied assembly's path.</summary>
    private static string CopyHost(string assembly, string directory)
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(assembly))!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Path.Combine(directory, Path.GetFileName(assembly));
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static long ProcStatus(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static double ProcCpuMs(int pid)
    {
        // utime and stime, the 12th and 13th fields after the command, in clock ticks of 1/100 s on Linux.
        var fields = StatFields(pid);
        return fields is { Length: > 12 }
            ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0
            : 0;
    }

    /// <summary>The fields of <c>/proc/{pid}/stat</c> after the command (which may hold spaces): state, ppid, …; null when unreadable.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<int> ChildProcesses(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            var fields = StatFields(pid);
            if (fields is { Length: > 1 } && int.TryParse(fields[1], out var ppid) && ppid == parent)
            {
                yield return pid;
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await output) + (await error));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeConsecutivePorts(int count)
    {
        // Azurite takes blob, queue and table on three consecutive ports.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 40_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, first + i);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // Taken; try another range.
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException("No six consecutive free ports found for Azurite.");
    }
}
