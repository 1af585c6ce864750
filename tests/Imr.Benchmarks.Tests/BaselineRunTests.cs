using Imr.Benchmarks.Hooks;

namespace Imr.Benchmarks.Tests;

public class BaselineRunTests
{
    [Fact]
    public async Task Concurrent_instances_each_count_once_though_their_last_step_is_retried()
    {
        var run = new BaselineRun(100);
        var ids = Enumerable.Range(0, 100).Select(i => $"baseline-{i}").ToArray();
        foreach (var id in ids)
        {
            run.Scheduled(id);
        }

        // Every instance reports its last step twice (a retried activity), from many threads at once.
        await Parallel.ForEachAsync(ids.Concat(ids), new ParallelOptions { MaxDegreeOfParallelism = 8 }, (id, _) =>
        {
            run.Finished(id);
            return ValueTask.CompletedTask;
        });

        await run.AllDone.WaitAsync(TimeSpan.FromSeconds(5));
        var latencies = run.Latencies();
        latencies.Length.ShouldBe(100);
        latencies.ShouldBe(latencies.Order().ToArray());
    }

    [Fact]
    public void A_run_is_not_done_while_one_instance_has_not_finished_however_often_the_others_report()
    {
        var run = new BaselineRun(3);
        run.Finished("a");
        run.Finished("a");
        run.Finished("b");
        run.Finished("b");

        run.AllDone.IsCompleted.ShouldBeFalse();
        run.Finished("c");
        run.AllDone.IsCompleted.ShouldBeTrue();
    }
}
