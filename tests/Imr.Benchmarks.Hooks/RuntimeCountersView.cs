using System.Diagnostics;

namespace Imr.Benchmarks.Hooks;

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
