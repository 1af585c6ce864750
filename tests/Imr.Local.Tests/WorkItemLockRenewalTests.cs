using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Imr.Local.Engine;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Local.Tests;

/// <summary>
/// The Azure Storage engine's lock renewal: a work item the sidecar is still running keeps its queue message invisible,
/// renewal stops when the work item ends, and the end never races a renewal (both change the message's pop receipt).
/// </summary>
public sealed class WorkItemLockRenewalTests
{
    /// <summary>Short, so the first renewal (at half of it) comes soon; nothing is asserted about time.</summary>
    private static readonly TimeSpan Visibility = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_running_activity_keeps_its_lock_until_it_completes()
    {
        var inner = new RecordingService();
        using var renewal = new WorkItemLockRenewal(inner, Visibility, NullLogger<WorkItemLockRenewal>.Instance);

        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        await inner.Renewed.Task.WaitAsync(Bound);
        renewal.Renewing.ShouldBe(1);

        await renewal.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage());

        renewal.Renewing.ShouldBe(0);
        inner.Calls.ShouldContain($"renew activity {workItem.Id}");
        inner.Calls.Last().ShouldBe($"complete activity {workItem.Id}");
    }

    [Fact]
    public async Task A_running_orchestration_keeps_its_lock_until_it_is_abandoned_or_released()
    {
        var inner = new RecordingService();
        using var renewal = new WorkItemLockRenewal(inner, Visibility, NullLogger<WorkItemLockRenewal>.Instance);

        var workItem = await renewal.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        await inner.Renewed.Task.WaitAsync(Bound);
        renewal.Renewing.ShouldBe(1);

        await renewal.AbandonTaskOrchestrationWorkItemAsync(workItem);
        renewal.Renewing.ShouldBe(0);
        await renewal.ReleaseTaskOrchestrationWorkItemAsync(workItem);

        inner.Calls.ShouldContain($"renew orchestration {workItem.InstanceId}");
        inner.Calls.TakeLast(2).ToArray().ShouldBe(new[] { $"abandon orchestration {workItem.InstanceId}", $"release orchestration {workItem.InstanceId}" });
    }

    [Fact]
    public async Task Completion_waits_for_a_renewal_in_flight_so_it_uses_the_newest_pop_receipt()
    {
        var inner = new RecordingService { HoldRenewal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var renewal = new WorkItemLockRenewal(inner, Visibility, NullLogger<WorkItemLockRenewal>.Instance);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        await inner.Renewed.Task.WaitAsync(Bound);

        var completing = renewal.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage());
        inner.Calls.ShouldNotContain($"complete activity {workItem.Id}");
        inner.HoldRenewal.SetResult();
        await completing.WaitAsync(Bound);

        inner.Calls.ToArray().ShouldBe(new[] { $"renew activity {workItem.Id}", $"renewed activity {workItem.Id}", $"complete activity {workItem.Id}" });
    }

    [Fact]
    public async Task A_failing_renewal_is_tried_again_and_does_not_fail_the_work_item()
    {
        var inner = new RecordingService { RenewalFailures = 2 };
        using var renewal = new WorkItemLockRenewal(inner, Visibility, NullLogger<WorkItemLockRenewal>.Instance);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);

        await inner.Renewed.Task.WaitAsync(Bound);
        await renewal.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage());

        // Two failed, then one succeeded; another may have begun before the completion on a slow machine.
        inner.Calls.Count(c => c.StartsWith("renew activity", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(3);
        inner.Calls.Last().ShouldBe($"complete activity {workItem.Id}");
    }

    [Fact]
    public async Task A_renewal_that_times_out_with_a_cancellation_of_its_own_neither_stops_renewing_nor_the_completion()
    {
        // A storage timeout can surface as TaskCanceledException although nobody asked to stop.
        var inner = new RecordingService { RenewalFailures = 2, FailWith = () => new TaskCanceledException("The request timed out.") };
        using var renewal = new WorkItemLockRenewal(inner, Visibility, NullLogger<WorkItemLockRenewal>.Instance);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);

        await inner.Renewed.Task.WaitAsync(Bound);
        await renewal.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage()).WaitAsync(Bound);

        inner.Calls.Count(c => c.StartsWith("renew activity", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(3);
        inner.Calls.Last().ShouldBe($"complete activity {workItem.Id}");
        renewal.Renewing.ShouldBe(0);
    }

    /// <summary>
    /// Hands out one work item of each kind and records what is done with them; renewals can be held open or made to
    /// fail. The in-memory service supplies every other member.
    /// </summary>
    private sealed class RecordingService() : InMemoryOrchestrationService(NullLoggerFactory.Instance), IOrchestrationService
    {
        private int renewals;

        public ConcurrentQueue<string> Calls { get; } = new();

        /// <summary>Set when a renewal has succeeded (after any failures asked for).</summary>
        public TaskCompletionSource Renewed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When set, a renewal does not return until it completes.</summary>
        public TaskCompletionSource? HoldRenewal { get; init; }

        /// <summary>How many renewals fail before one succeeds.</summary>
        public int RenewalFailures { get; init; }

        /// <summary>What a failing renewal throws.</summary>
        public Func<Exception> FailWith { get; init; } = () => new InvalidOperationException("The storage is busy.");

        Task<TaskActivityWorkItem> IOrchestrationService.LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
            Task.FromResult(new TaskActivityWorkItem { Id = "activity-1", TaskMessage = new TaskMessage(), LockedUntilUtc = DateTime.UtcNow });

        async Task<TaskActivityWorkItem> IOrchestrationService.RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
        {
            await RenewAsync("activity", workItem.Id);
            return workItem;
        }

        Task IOrchestrationService.CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        {
            Calls.Enqueue($"complete activity {workItem.Id}");
            return Task.CompletedTask;
        }

        Task<TaskOrchestrationWorkItem> IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
            Task.FromResult(new TaskOrchestrationWorkItem
            {
                InstanceId = "orchestration-1",
                NewMessages = [],
                OrchestrationRuntimeState = new OrchestrationRuntimeState(new List<HistoryEvent>()),
            });

        Task IOrchestrationService.RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => RenewAsync("orchestration", workItem.InstanceId);

        Task IOrchestrationService.AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
        {
            Calls.Enqueue($"abandon orchestration {workItem.InstanceId}");
            return Task.CompletedTask;
        }

        Task IOrchestrationService.ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
        {
            Calls.Enqueue($"release orchestration {workItem.InstanceId}");
            return Task.CompletedTask;
        }

        private async Task RenewAsync(string kind, string id)
        {
            Calls.Enqueue($"renew {kind} {id}");
            if (Interlocked.Increment(ref renewals) <= RenewalFailures)
            {
                throw FailWith();
            }

            Renewed.TrySetResult();
            if (HoldRenewal is { } hold)
            {
                await hold.Task;
                Calls.Enqueue($"renewed {kind} {id}");
            }
        }
    }
}
