using System.Collections.Concurrent;
using System.Diagnostics;
using Imr.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Imr.Local.Benchmarking;

/// <summary>
/// What the end-to-end benchmark (tests/Imr.Benchmarks) needs inside the host, present only with
/// <c>--ImrLocal:Benchmark=true</c>: a bare baseline orchestration on the same engine, the storage operation counts, and
/// the host's own runtime counters (JIT, CPU, allocation, collections).
/// Without the option nothing here is registered or routed.
/// </summary>
internal static class BenchmarkHooks
{
    /// <summary>The configuration key that turns the hooks on.</summary>
    public const string Key = "ImrLocal:Benchmark";

    /// <summary>Registers the baseline's tracker when the option is set.</summary>
    /// <returns>Whether the hooks are on.</returns>
    public static bool AddBenchmarkHooks(this WebApplicationBuilder builder)
    {
        var enabled = builder.Configuration.GetValue<bool>(Key);
        if (enabled)
        {
            builder.Services.AddSingleton<BaselineTracker>();
        }

        return enabled;
    }

    /// <summary>Adds the baseline orchestration and its no-op activity when the hooks are on.</summary>
    public static DurableTaskRegistry AddBenchmarkBaseline(this DurableTaskRegistry registry, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (enabled)
        {
            registry.AddOrchestrator<BaselineOrchestration>();
            registry.AddActivity<NoOpActivity>();
        }

        return registry;
    }

    /// <summary>Maps <c>/api/benchmark/*</c> when the hooks are on.</summary>
    public static void MapBenchmarkApi(this WebApplication app, bool enabled, int apiPort)
    {
        if (!enabled)
        {
            return;
        }

        var api = app.MapGroup("/api/benchmark").RequireHost($"*:{apiPort}");
        api.MapGet("/storage-operations", (StorageClients storage) => Results.Json(StorageOperationsView.Of(storage.Counter.Snapshot())));
        api.MapPost("/baseline", RunBaselineAsync);
        api.MapGet("/runtime", () => Results.Json(RuntimeCountersView.Now()));
    }

    private static async Task<IResult> RunBaselineAsync(
        int? count, int? activities, bool? purge, DurableTaskClient client, BaselineTracker tracker, CancellationToken cancellationToken)
    {
        var n = count ?? 100;
        var steps = activities ?? 5;
        if (n is < 1 or > 5000 || steps is < 1 or > 100)
        {
            return Results.BadRequest(new { error = "count must be 1–5000 and activities 1–100." });
        }

        // Bounded in time, so a stuck engine ends the request instead of hanging the benchmark.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(20));
        var run = tracker.Begin(n);
        var prefix = $"baseline-{Guid.NewGuid():N}-";
        using var gate = new SemaphoreSlim(16);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                var id = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                run.Scheduled(id);
                await client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(BaselineOrchestration), steps, new StartOrchestrationOptions(id), timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        var scheduled = Stopwatch.GetElapsedTime(started);
        await run.AllDone.WaitAsync(timeout.Token).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = run.Latencies();

        // Outside the measured time: with purge, the baseline's instances leave the task hub, so the cases that run next
        // do not pay for their history (Azurite answers a history query by scanning every row of the table).
        var purged = purge == true
            ? await PurgeAsync(client, Enumerable.Range(0, n).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), timeout.Token).ConfigureAwait(false)
            : 0;
        return Results.Json(new
        {
            purged,
            count = n,
            activities = steps,
            scheduleSeconds = scheduled.TotalSeconds,
            elapsedSeconds = elapsed.TotalSeconds,
            perSecond = n / elapsed.TotalSeconds,
            p50Ms = Percentile(latencies, 0.50),
            p95Ms = Percentile(latencies, 0.95),
            p99Ms = Percentile(latencies, 0.99),
        });
    }

    private static async Task<int> PurgeAsync(DurableTaskClient client, IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var purged = 0;
        await Parallel.ForEachAsync(
            instanceIds,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                // The last activity has run; the orchestration completes in its next episode, and only then can it be purged.
                await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, ct).ConfigureAwait(false);
                var result = await client.PurgeInstanceAsync(id, ct).ConfigureAwait(false);
                Interlocked.Add(ref purged, result.PurgedInstanceCount);
            }).ConfigureAwait(false);
        return purged;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Storage operation counts as JSON: totals by service and by "Service METHOD".</summary>
internal sealed record StorageOperationsView(long Total, long Blob, long Table, long Queue, long Other, IReadOnlyDictionary<string, long> ByMethod)
{
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "MERGE"];

    /// <summary>Converts a snapshot.</summary>
    public static StorageOperationsView Of(StorageOperationCounts counts)
    {
        var byMethod = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var service in Enum.GetValues<StorageService>())
        {
            foreach (var method in Methods)
            {
                if (counts.For(service, method) is var n and > 0)
                {
                    byMethod[$"{service} {method}"] = n;
                }
            }
        }

        return new(counts.Total, counts.For(StorageService.Blob), counts.For(StorageService.Table), counts.For(StorageService.Queue),
            counts.For(StorageService.Other), byMethod);
    }
}

/// <summary>
/// The host process's cumulative runtime counters, read on demand: the benchmark reads them around each phase to see how
/// much of the host's CPU went to the JIT (a warm-up that is too short measures tier-1 recompilation, not steady state)
/// and what a case costs in CPU and allocation against a bare orchestration.
/// </summary>
internal sealed record RuntimeCountersView(long JitMethods, double JitMs, double CpuMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>Reads the counters now (every thread of the process, not only the caller's).</summary>
    public static RuntimeCountersView Now()
    {
        using var process = Process.GetCurrentProcess();
        return new(
            System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false),
            System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds,
            process.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }
}

/// <summary>A bare orchestration: calls <see cref="NoOpActivity"/> as many times as its input says, one after another, as a case does.</summary>
internal sealed class BaselineOrchestration : TaskOrchestrator<int, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < input; i++)
        {
            await context.CallActivityAsync<bool>(nameof(NoOpActivity), new NoOpStep(context.InstanceId, i == input - 1)).ConfigureAwait(true);
        }

        return input;
    }
}

/// <summary>One step of the baseline; the last step tells the tracker, as the case's letter activity marks the case Determined.</summary>
internal sealed record NoOpStep(string InstanceId, bool Last);

/// <summary>Does nothing, except that the last step of an instance records when it ran.</summary>
internal sealed class NoOpActivity(BaselineTracker tracker) : TaskActivity<NoOpStep, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, NoOpStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Last)
        {
            tracker.Finished(input.InstanceId);
        }

        return Task.FromResult(true);
    }
}

/// <summary>Remembers when each baseline instance was scheduled and when its last step ran (one run at a time).</summary>
internal sealed class BaselineTracker
{
    private BaselineRun? current;

    /// <summary>Starts a run of <paramref name="count"/> instances.</summary>
    public BaselineRun Begin(int count) => current = new BaselineRun(count);

    /// <summary>Records an instance's last step (a retried step counts once).</summary>
    public void Finished(string instanceId) => current?.Finished(instanceId);
}

/// <summary>One baseline run's timings.</summary>
internal sealed class BaselineRun(int count)
{
    private readonly ConcurrentDictionary<string, long> scheduled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> finished = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every instance has finished.</summary>
    public Task AllDone => done.Task;

    /// <summary>Records the moment an instance is scheduled.</summary>
    public void Scheduled(string instanceId) => scheduled[instanceId] = Stopwatch.GetTimestamp();

    /// <summary>Records the moment an instance's last step ran.</summary>
    public void Finished(string instanceId)
    {
        if (finished.TryAdd(instanceId, Stopwatch.GetTimestamp()) && finished.Count >= count)
        {
            done.TrySetResult();
        }
    }

    /// <summary>Scheduling-to-finish latencies in milliseconds, sorted.</summary>
    public double[] Latencies() =>
        [.. finished.Where(f => scheduled.ContainsKey(f.Key))
            .Select(f => Stopwatch.GetElapsedTime(scheduled[f.Key], f.Value).TotalMilliseconds)
            .Order()];
}
