namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// The host process's runtime counters (from <c>GET /api/benchmark/runtime</c>): methods compiled, JIT time, CPU time,
/// bytes allocated and collections by generation; cumulative, or a difference of two readings.
/// </summary>
public sealed record RuntimeCounts(long JitMethods, double JitMs, double CpuMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>The JIT's share of the CPU the host used (0 when it used none).</summary>
    public double JitShare => CpuMs > 0 ? JitMs / CpuMs : 0;

    /// <summary>This minus an earlier reading.</summary>
    public RuntimeCounts Minus(RuntimeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(JitMethods - other.JitMethods, JitMs - other.JitMs, CpuMs - other.CpuMs, AllocatedBytes - other.AllocatedBytes,
            Gen0 - other.Gen0, Gen1 - other.Gen1, Gen2 - other.Gen2);
    }
}
