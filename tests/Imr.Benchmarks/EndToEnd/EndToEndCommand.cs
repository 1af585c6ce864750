using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// One end-to-end run to do: an engine and a number of cases, bounded in time. <paramref name="HostSettings"/> are extra
/// <c>Key=Value</c> settings for Imr.Local (for instance <c>ImrLocal:MaxConcurrentActivities=50</c>); none means the
/// host's shipped defaults, which is what the results report.
/// </summary>
public sealed record EndToEndRun(string Engine, int Cases, double Minutes = 15, IReadOnlyList<string>? HostSettings = null)
{
    /// <summary>The host settings as one table cell.</summary>
    public string HostSettingsText => HostSettings is { Count: > 0 } settings ? string.Join(' ', settings) : "defaults";

    /// <summary>
    /// Empty for the shipped defaults, else the settings as a file-name part (<c>-ImrLocal-TaskHubStorage-separate</c>), so a
    /// run with other settings does not overwrite the defaults' result file for the same engine and case count.
    /// </summary>
    public string FileSuffix => HostSettings is { Count: > 0 } settings
        ? "-" + new string(string.Join('-', settings).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
        : "";
}

/// <summary>The <c>e2e</c> and <c>all</c> commands: builds Imr.Local once, then one fresh host per run, and the report.</summary>
public static class EndToEndCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads <c>--engine memory|azure --cases N [--minutes M] [--host Key=Value]...</c>.</summary>
    public static EndToEndRun[] Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string engine = "memory";
        var cases = 200;
        double minutes = 15;
        var hostSettings = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--engine":
                    engine = args[i + 1] switch
                    {
                        "memory" => "memory",
                        "azure" or "azurestorage" => "azurestorage",
                        var other => throw new ArgumentException($"--engine: expected memory or azure, not '{other}'."),
                    };
                    break;
                case "--cases":
                    cases = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    if (cases is < 1 or > 5000)
                    {
                        throw new ArgumentException("--cases: expected 1 to 5000.");
                    }

                    break;
                case "--minutes":
                    minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--host":
                    var setting = args[i + 1];
                    if (setting.IndexOf('=', StringComparison.Ordinal) < 1)
                    {
                        throw new ArgumentException($"--host: expected Key=Value (for instance ImrLocal:MaxConcurrentActivities=50), not '{setting}'.");
                    }

                    hostSettings.Add(setting);
                    break;
                case "--processor-count":
                    // The engine's limits are host settings; the runtime's processor count is not the way to set them.
                    throw new ArgumentException(
                        "--processor-count is gone: Imr.Local's engine limits are settings now (ImrLocal:MaxConcurrentOrchestrations and " +
                        "ImrLocal:MaxConcurrentActivities); pass them with --host Key=Value if you need other values.");
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}': use --engine, --cases, --minutes, --host.");
            }
        }

        if (args.Length % 2 != 0)
        {
            throw new ArgumentException($"'{args[^1]}' has no value.");
        }

        return [new EndToEndRun(engine, cases, minutes, hostSettings)];
    }

    /// <summary>Runs each in turn and writes <c>BenchmarkDotNet.Artifacts/results/e2e-&lt;engine&gt;-&lt;N&gt;[-settings].json</c> and <c>e2e-report.md</c>.</summary>
    public static async Task RunAsync(IReadOnlyList<EndToEndRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var root = RepositoryRoot();
        var results = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        Console.WriteLine("Building Imr.Local (Release)...");
        var assembly = await LocalHostProcess.BuildAsync(root, CancellationToken.None);
        var report = new StringBuilder();
        var perCaseLines = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; {RuntimeInformation.OSDescription}; .NET {Environment.Version}.");
        report.AppendLine();
        report.AppendLine("| Engine | Host settings | N | Done | Window s | Cases/s | p50 ms | p95 ms | p99 ms | Baseline/s | Baseline p50 ms | Ratio | Blob/case | Table/case | Queue/case | Peak host MB | Peak Azurite MB | GETs/case | Fallbacks | Warm-up rounds | Host CPU ms/case | Host CPU ms/baseline | Azurite CPU ms/case | Azurite CPU ms/baseline | JIT ms (cases) | Load before → after | Unexpected |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var run in runs)
        {
            var loadBefore = LoadAverage();
            Console.WriteLine($"Starting Imr.Local ({run.Engine}) for {run.Cases} cases; load {loadBefore}");
            await using var host = await StartHostAsync(assembly, root, run, results);
            using var http = new HttpClient(new BenchmarkCaller()) { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/api/"), Timeout = TimeSpan.FromMinutes(25) };
            await using var inbox = new AssignmentInbox(host.StorageConnectionString);
            using var load = new CaseLoad(http, inbox, root, run.Cases, TimeSpan.FromMinutes(run.Minutes));
            try
            {
                var result = await load.RunAsync(run.Engine, host.PeakWorkingSets, host.AzuriteCpuMs, CancellationToken.None);
                var loadAfter = LoadAverage();
                var file = Path.Combine(results, $"e2e-{run.Engine}-{run.Cases}{run.FileSuffix}.json");
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Indented));
                var perCase = result.StoragePerCase;
                var row = string.Create(CultureInfo.InvariantCulture,
                    $"| {run.Engine} | {run.HostSettingsText} | {run.Cases} | {result.Determined} | {result.Seconds:F1} | {result.CasesPerSecond:F1} | {result.P50Ms:F0} | {result.P95Ms:F0} | {result.P99Ms:F0} | {result.Baseline.PerSecond:F1} | {result.Baseline.P50Ms:F0} | {result.Ratio:F2} | {perCase.Blob:F1} | {perCase.Table:F1} | {perCase.Queue:F1} | {result.PeakHostBytes / 1048576.0:F0} | {result.PeakAzuriteBytes / 1048576.0:F0} | {result.GetsPerCase:F1} | {result.Fallbacks} | {result.WarmUpRounds} | {result.CaseHostCpuMs:F1} | {result.BaselineHostCpuMsEach:F1} | {result.CaseAzuriteCpuMs:F1} | {result.BaselineAzuriteCpuMsEach:F1} | {result.CasesJitMs:F0} | {loadBefore} → {loadAfter} | {Describe(result)} |");
                report.AppendLine(row);
                Console.WriteLine(row);
                perCaseLines.AppendLine(CultureInfo.InvariantCulture, $"- {run.Engine}, N={run.Cases}: per case {perCase}");
                perCaseLines.AppendLine(CultureInfo.InvariantCulture, $"  - {Script(result)}");
                perCaseLines.AppendLine(CultureInfo.InvariantCulture, $"  - {Runtime(result)}");

                // Kept after every run, so a later run that fails or is stopped loses nothing.
                await File.WriteAllTextAsync(Path.Combine(results, "e2e-report.md"), report + Environment.NewLine + perCaseLines);
                Console.WriteLine($"  per case: {perCase}");
                Console.WriteLine($"  storage in the window: {result.StorageTotal}; idle/s: {result.StorageIdlePerSecond}; per get: {result.StoragePerGetCall}");
                Console.WriteLine($"  {Script(result)}");
                Console.WriteLine($"  {Runtime(result)}");
            }
            catch (OperationCanceledException)
            {
                var row = $"| {run.Engine} | {run.HostSettingsText} | {run.Cases} | not finished within {run.Minutes} minutes | | | | | | | | | | | | | | | | | | | | {loadBefore} → {LoadAverage()} | |";
                report.AppendLine(row);
                Console.WriteLine(row);
            }
        }

        report.AppendLine();
        report.AppendLine("Storage operations per case by service and method (window total less background and the script's case reads), and what the script did:");
        report.AppendLine();
        report.Append(perCaseLines);
        var path = Path.Combine(results, "e2e-report.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"Written to {path}");
    }

    private static async Task<LocalHostProcess> StartHostAsync(string assembly, string root, EndToEndRun run, string results)
    {
        try
        {
            return await LocalHostProcess.StartAsync(assembly, root, run.Engine, run.HostSettings ?? [], results, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            // A host can be stopped from outside while it starts (exit 130, SIGINT): one retry; a second failure is real
            // and ends the run with the host's log named.
            Console.WriteLine($"Imr.Local did not start ({e.Message}); trying once more.");
            return await LocalHostProcess.StartAsync(assembly, root, run.Engine, run.HostSettings ?? [], results, CancellationToken.None);
        }
    }

    private static string Script(EndToEndResult result) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"script: {result.GetCalls} case reads ({result.GetsPerCase:F2} a case), {result.Fallbacks} fallbacks; ") +
        string.Create(
            CultureInfo.InvariantCulture,
            $"records/complete to the reviewer's read of the case under review: p50 {result.ReviewWaitP50Ms:F0} ms, p95 {result.ReviewWaitP95Ms:F0} ms, max {result.ReviewWaitMaxMs:F0} ms; ") +
        "notices: " + string.Join(", ", result.Notices.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key} {n.Value}"))) +
        string.Create(
            CultureInfo.InvariantCulture,
            $"; inbox: {result.Inbox.Messages} messages in {result.Inbox.Reads} reads ({result.Inbox.EmptyReads} empty, {result.Inbox.FullReads} full), {result.Inbox.MeanBusyReadMs:F0} ms a read (deletes behind it), {result.Inbox.Errors} errors, {result.Inbox.Unreadable} unreadable") +
        "; stage medians: " + string.Join("; ", result.StageP50Ms.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key.Trim()} {s.Value:F0} ms")));

    private static string Runtime(EndToEndResult result) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"host runtime: warm-up {result.WarmUpRounds} rounds (JIT ms / CPU ms: {string.Join(", ", result.WarmUp.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.JitMs:F0}/{r.CpuMs:F0}")))}; then 10 s idle: JIT {result.IdleRuntime.JitMs:F0} ms, {result.IdleRuntime.JitMethods} methods); ") +
        string.Create(
            CultureInfo.InvariantCulture,
            $"baseline {result.BaselineHostCpuMsEach:F2} CPU ms and {result.BaselineAllocatedBytesEach / 1024:F0} KiB an orchestration, JIT {result.BaselineJitMs:F0} ms ({result.BaselineRuntime.JitMethods} methods); ") +
        string.Create(
            CultureInfo.InvariantCulture,
            $"cases {result.CaseHostCpuMs:F2} CPU ms and {result.CaseAllocatedBytes / 1024:F0} KiB a case, JIT {result.CasesJitMs:F0} ms ({result.CasesRuntime.JitMethods} methods) of {result.CasesRuntime.CpuMs:F0} ms CPU, GCs {result.CasesRuntime.Gen0}/{result.CasesRuntime.Gen1}/{result.CasesRuntime.Gen2}");

    private static string Describe(EndToEndResult result) =>
        string.Join("; ", result.Unexpected.Select(u => $"{u.Key}×{u.Value}").Concat(result.NotDetermined.Select(n => $"{n.Value} left {n.Key}")));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (ImrFunctions.sln not found above the working directory).");
    }
}
