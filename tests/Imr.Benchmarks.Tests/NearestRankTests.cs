using Imr.Benchmarks.Hooks;

namespace Imr.Benchmarks.Tests;

public class NearestRankTests
{
    private static readonly double[] TenLatencies = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    [Theory]
    [InlineData(0.50, 50)] // ⌈0.5·10⌉ = 5th
    [InlineData(0.95, 100)] // ⌈9.5⌉ = 10th
    [InlineData(0.10, 10)]
    [InlineData(0.11, 20)] // ⌈1.1⌉ = 2nd: never below the share asked for
    [InlineData(0, 10)]
    [InlineData(1, 100)]
    public void A_percentile_is_the_measured_value_at_the_nearest_rank_above(double p, double expected) =>
        NearestRank.Percentile(TenLatencies, p).ShouldBe(expected);

    [Fact]
    public void The_p99_of_200_cases_is_the_198th_and_of_an_empty_sample_0()
    {
        var latencies = Enumerable.Range(1, 200).Select(i => (double)i).ToArray();
        NearestRank.Percentile(latencies, 0.99).ShouldBe(198);
        NearestRank.Percentile([], 0.5).ShouldBe(0);
    }

    [Fact]
    public void A_share_outside_0_to_1_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => NearestRank.Percentile(TenLatencies, 95));
}
