namespace Imr.Benchmarks.Hooks;

/// <summary>Percentiles of a sorted sample by the nearest-rank method: a value that was measured, never an interpolation.</summary>
public static class NearestRank
{
    /// <summary>
    /// The smallest value with at least <paramref name="p"/> of the sample at or below it (the ⌈p·n⌉-th, counting from 1);
    /// 0 for an empty sample.
    /// </summary>
    /// <param name="sorted">The sample in ascending order.</param>
    /// <param name="p">The share, 0 to 1 (0.5 for the median).</param>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
