using Imr.Benchmarks.EndToEnd;

namespace Imr.Benchmarks.Tests;

public class EndToEndResultTests
{
    [Fact]
    public void Storage_operations_per_case_are_the_window_less_the_idle_rate_and_the_scripts_reads()
    {
        // 200 cases in a 100 s window: 8,000 operations counted, of which 2 a second are the blob watchers (200) and 250
        // case reads by the script at 3 each (750): (8,000 − 200 − 750) / 200 = 35.25 a case.
        var result = Result(
            total: new StorageCounts(8000, 1000, 6200, 800, 0, new Dictionary<string, double> { ["Table GET"] = 2600, ["Blob GET"] = 200 }),
            idlePerSecond: new StorageCounts(2, 2, 0, 0, 0, new Dictionary<string, double> { ["Blob GET"] = 2 }),
            perGet: new StorageCounts(3, 0, 3, 0, 0, new Dictionary<string, double> { ["Table GET"] = 3 }),
            windowSeconds: 100,
            gets: 250);

        var perCase = result.StoragePerCase;

        perCase.Total.ShouldBe(35.25);
        perCase.Blob.ShouldBe(4.0);
        perCase.Table.ShouldBe(27.25);
        perCase.Queue.ShouldBe(4.0);
        perCase.ByMethod!["Table GET"].ShouldBe(9.25); // (2,600 − 750) / 200
        perCase.ByMethod["Blob GET"].ShouldBe(0.0); // (200 − 200) / 200
    }

    [Fact]
    public void Retries_the_counter_saw_stay_in_the_cases_cost()
    {
        // The counter counts every attempt; a run whose table writes were retried 100 times costs 0.5 more a case.
        var clean = Result(new StorageCounts(7000, 800, 5400, 800, 0), windowSeconds: 50);
        var retried = Result(new StorageCounts(7100, 800, 5500, 800, 0), windowSeconds: 50);

        (retried.StoragePerCase.Total - clean.StoragePerCase.Total).ShouldBe(0.5);
        retried.StoragePerCase.Table.ShouldBe(27.5);
    }

    [Fact]
    public void The_ratio_is_cases_a_second_over_baseline_orchestrations_a_second()
    {
        // 200 determined in 25 s is 8 a second; 200 baseline orchestrations in 20 s is 10 a second.
        var result = Result(new StorageCounts(0, 0, 0, 0, 0), casesPerSecond: 200 / 25.0, baselinePerSecond: 200 / 20.0);

        result.Ratio.ShouldBe(0.8, tolerance: 1e-12);
    }

    [Fact]
    public void Host_cpu_a_case_is_the_cases_cpu_less_the_idle_rate_over_the_window()
    {
        // 30 s of CPU while the cases ran for 100 s, with the host idling at 0.05 CPU s a second (5 s): 25,000 ms / 200.
        var result = Result(new StorageCounts(0, 0, 0, 0, 0), windowSeconds: 100) with
        {
            CasesRuntime = new RuntimeCounts(0, 0, CpuMs: 30_000, 0, 0, 0, 0),
            IdleRuntime = new RuntimeCounts(0, 0, CpuMs: 500, 0, 0, 0, 0),
            IdleSeconds = 10,
        };

        result.CaseHostCpuMs.ShouldBe(125);
    }

    [Fact]
    public void Counts_subtract_and_scale_by_service_and_by_method()
    {
        var later = new StorageCounts(10, 4, 5, 1, 0, new Dictionary<string, double> { ["Table POST"] = 5 });
        var earlier = new StorageCounts(4, 1, 2, 1, 0, new Dictionary<string, double> { ["Table POST"] = 2, ["Queue PUT"] = 1 });

        var difference = later.Minus(earlier).Times(2);

        difference.ShouldBe(new StorageCounts(12, 6, 6, 0, 0, difference.ByMethod));
        difference.ByMethod!["Table POST"].ShouldBe(6);
        difference.ByMethod["Queue PUT"].ShouldBe(-2);
    }

    private static EndToEndResult Result(
        StorageCounts total,
        StorageCounts? idlePerSecond = null,
        StorageCounts? perGet = null,
        double windowSeconds = 100,
        long gets = 0,
        double casesPerSecond = 2,
        double baselinePerSecond = 4)
    {
        var none = new StorageCounts(0, 0, 0, 0, 0);
        var idle = new RuntimeCounts(0, 0, 0, 0, 0, 0, 0);
        return new EndToEndResult
        {
            Engine = "azurestorage",
            Cases = 200,
            Determined = 200,
            Seconds = windowSeconds,
            CasesPerSecond = casesPerSecond,
            P50Ms = 0,
            P95Ms = 0,
            P99Ms = 0,
            Baseline = new BaselineResult(200, 5, 1, 200 / baselinePerSecond, baselinePerSecond, 0, 0, 0, 200),
            WarmUp = [],
            IdleRuntime = idle,
            BaselineRuntime = idle,
            CasesRuntime = idle,
            IdleSeconds = 10,
            StorageTotal = total,
            StorageIdlePerSecond = idlePerSecond ?? none,
            StoragePerGetCall = perGet ?? none,
            StorageWindowSeconds = windowSeconds,
            GetCalls = gets,
            Fallbacks = 0,
            ReviewWaitP50Ms = 0,
            ReviewWaitP95Ms = 0,
            ReviewWaitMaxMs = 0,
            Notices = new Dictionary<string, int>(),
            Inbox = new InboxCounts(0, 0, 0, 0, 0, 0),
            StageP50Ms = new Dictionary<string, double>(),
            PeakHostBytes = 0,
            PeakAzuriteBytes = 0,
            CasesAzuriteCpuMs = 0,
            BaselineAzuriteCpuMs = 0,
            Unexpected = new Dictionary<string, int>(),
            NotDetermined = new Dictionary<string, int>(),
        };
    }
}
