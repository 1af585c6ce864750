using System.Collections.Concurrent;
using System.Diagnostics;

namespace Imr.Benchmarks.Hooks;

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
