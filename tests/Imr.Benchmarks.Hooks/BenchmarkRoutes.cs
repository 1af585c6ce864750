using System.Diagnostics;
using Imr.Http;
using Imr.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;

namespace Imr.Benchmarks.Hooks;

/// <summary>
/// Maps <c>/api/benchmark/*</c> ahead of the host's own pipeline, on the host's API port only (<c>ImrLocal:Port</c>):
/// a request that matches none of them goes on to the host unchanged.
/// </summary>
internal sealed class BenchmarkRoutes(IConfiguration configuration) : IStartupFilter
{
    /// <summary>Imr.Local's API port when <c>ImrLocal:Port</c> is not set.</summary>
    private const int DefaultApiPort = 7071;

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var apiPort = configuration.GetValue<int?>("ImrLocal:Port") ?? DefaultApiPort;
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            var api = endpoints.MapGroup("/api/benchmark").RequireHost($"*:{apiPort}");
            api.MapGet("/storage-operations", (StorageClients storage) => Results.Json(StorageOperationsView.Of(storage.Counter.Snapshot())));
            api.MapPost("/baseline", RunBaselineAsync);
            api.MapGet("/runtime", () => Results.Json(RuntimeCountersView.Now()));
        });
        next(app);
    };

    private static async Task<IResult> RunBaselineAsync(
        string? count, string? activities, string? purge, DurableTaskClient client, BaselineTracker tracker, CancellationToken cancellationToken)
    {
        // Read as text, so a value that is not a number is named in the problem body like one out of range.
        var (request, problems) = BaselineRequest.Parse(count, activities, purge);
        if (request is null)
        {
            return ProblemResults.Problem(StatusCodes.Status400BadRequest, "The baseline request is not valid.", problems);
        }

        var n = request.Count;
        var steps = request.Activities;

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
        var purged = request.Purge
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
            p50Ms = NearestRank.Percentile(latencies, 0.50),
            p95Ms = NearestRank.Percentile(latencies, 0.95),
            p99Ms = NearestRank.Percentile(latencies, 0.99),
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
}
