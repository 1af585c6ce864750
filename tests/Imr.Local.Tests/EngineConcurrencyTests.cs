using DurableTask.Core;
using Imr.Local;
using Grpc.Net.Client;
using Imr.Local.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Imr.Local.Tests;

/// <summary>
/// The engine's concurrency limits: what the sidecar's dispatcher reads, how bad settings are refused, and, on the
/// in-memory engine, that more work items than the machine has cores really run at the same time. The test host's
/// in-memory service would otherwise cap both at <see cref="Environment.ProcessorCount"/>.
/// </summary>
public sealed class EngineConcurrencyTests
{
    /// <summary>More than a processor-count cap, and more than one sidecar dispatcher batch, on any machine.</summary>
    private static readonly int InFlight = Math.Max(16, 4 * Environment.ProcessorCount);

    /// <summary>How long a gate waits for the others before it gives up; a bound on failure, not a speed check.</summary>
    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurestorage")]
    public void The_dispatcher_reads_the_configured_limits_not_the_processor_count(string engine)
    {
        var options = new LocalOptions { Engine = engine, MaxConcurrentOrchestrations = 37, MaxConcurrentActivities = 41 };
        using var services = EngineServices(options);

        // The sidecar's dispatchers read exactly these two properties of the registered service.
        var service = services.GetRequiredService<IOrchestrationService>();
        service.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(37);
        service.MaxConcurrentTaskActivityWorkItems.ShouldBe(41);
    }

    [Fact]
    public void The_shipped_defaults_are_well_above_the_cores_of_a_small_machine()
    {
        var options = new LocalOptions { Engine = "memory" };
        using var services = EngineServices(options);
        var service = services.GetRequiredService<IOrchestrationService>();

        service.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(LocalOptions.DefaultMaxConcurrentOrchestrations);
        service.MaxConcurrentTaskActivityWorkItems.ShouldBe(LocalOptions.DefaultMaxConcurrentActivities);
        service.MaxConcurrentTaskOrchestrationWorkItems.ShouldBeGreaterThan(InFlight);
        service.MaxConcurrentTaskActivityWorkItems.ShouldBeGreaterThan(InFlight);
    }

    [Theory]
    [InlineData(0, 100, "MaxConcurrentOrchestrations")]
    [InlineData(-5, 100, "MaxConcurrentOrchestrations")]
    [InlineData(100, 0, "MaxConcurrentActivities")]
    [InlineData(100, LocalOptions.ConcurrencyCeiling + 1, "MaxConcurrentActivities")]
    public void A_limit_out_of_range_stops_the_engine_from_starting_and_names_the_setting(int orchestrations, int activities, string setting)
    {
        var options = new LocalOptions { Engine = "memory", MaxConcurrentOrchestrations = orchestrations, MaxConcurrentActivities = activities };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImrLocal:Engine"] = "memory",
            ["ImrLocal:MaxConcurrentOrchestrations"] = orchestrations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImrLocal:MaxConcurrentActivities"] = activities.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();

        options.Problems().ShouldHaveSingleItem().ShouldStartWith($"ImrLocal:{setting}: ");
        var error = Should.Throw<OptionsValidationException>(() => LocalOptions.Read(configuration));
        error.Message.ShouldContain($"ImrLocal:{setting}");
        error.Message.ShouldContain("outside 1 to 10000");

        // The services get the same check when the host starts.
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        LocalOptions.Register(services);
        using var provider = services.BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message.ShouldContain($"ImrLocal:{setting}");
    }

    [Fact]
    public void A_queue_visibility_timeout_under_a_second_is_refused()
    {
        var options = new LocalOptions { QueueVisibilityTimeout = TimeSpan.Zero };

        options.Problems().ShouldHaveSingleItem().ShouldStartWith("ImrLocal:QueueVisibilityTimeout: ");
    }

    [Fact]
    public void The_shipped_settings_are_valid() => new LocalOptions().Problems().ShouldBeEmpty();

    [Fact]
    public void An_unknown_engine_is_refused_naming_the_setting() =>
        new LocalOptions { Engine = "sqlite" }.Problems().ShouldHaveSingleItem().ShouldStartWith("ImrLocal:Engine: unknown engine 'sqlite'");

    [Fact]
    public async Task The_in_memory_engine_runs_more_activities_at_once_than_the_machine_has_cores()
    {
        // Every activity waits until InFlight of them are running at the same moment. Under the test host's own cap (the
        // processor count) no more than that many are ever handed out, so the gate never opens and each one reports false.
        var gate = new ConcurrencyGate(InFlight);
        await using var engine = await InMemoryEngine.StartAsync(registry => registry
            .AddOrchestratorFunc<int, bool>("OneGatedActivity", (context, _) => context.CallActivityAsync<bool>("GatedActivity"))
            .AddActivityFunc<bool>("GatedActivity", _ => gate.EnterAsync(GateLimit)));

        var outcomes = await engine.RunAllAsync("OneGatedActivity", InFlight);

        outcomes.ShouldAllBe(o => o.RuntimeStatus == OrchestrationRuntimeStatus.Completed && o.ReadOutputAs<bool>());
        gate.Peak.ShouldBeGreaterThanOrEqualTo(InFlight);
    }

    [Fact]
    public async Task The_in_memory_engine_runs_more_orchestration_episodes_at_once_than_the_machine_has_cores()
    {
        // Each orchestrator's first episode holds its work item (it blocks, which an orchestrator must never do outside a
        // test) until InFlight episodes are running together. Under the test host's own cap the dispatcher hands out only
        // the processor count, so those episodes give up and the orchestrations report false.
        var gate = new ConcurrencyGate(InFlight);
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, InFlight * 2), ports);
        await using var engine = await InMemoryEngine.StartAsync(registry => registry
            .AddOrchestratorFunc<int, bool>("GatedEpisode", (context, _) => context.IsReplaying || gate.Enter(GateLimit)));

        var outcomes = await engine.RunAllAsync("GatedEpisode", InFlight);

        outcomes.ShouldAllBe(o => o.RuntimeStatus == OrchestrationRuntimeStatus.Completed && o.ReadOutputAs<bool>());
        gate.Peak.ShouldBeGreaterThanOrEqualTo(InFlight);
    }

    private static ServiceProvider EngineServices(LocalOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<EngineReadiness>();
        builder.AddDurableEngine(options, "UseDevelopmentStorage=true", _ => { });
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>
    /// Opens when <c>needed</c> callers are inside at once; remembers the most that ever were. Once one caller has given
    /// up, later ones give up at once, so a capped engine fails the test after one wait rather than one per batch.
    /// </summary>
    private sealed class ConcurrencyGate(int needed)
    {
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inside;
        private int peak;
        private volatile bool givenUp;

        public int Peak => Volatile.Read(ref peak);

        public async Task<bool> EnterAsync(TimeSpan limit)
        {
            Arrive();
            try
            {
                await open.Task.WaitAsync(givenUp ? TimeSpan.Zero : limit);
                return true;
            }
            catch (TimeoutException)
            {
                givenUp = true;
                return false;
            }
            finally
            {
                Interlocked.Decrement(ref inside);
            }
        }

        public bool Enter(TimeSpan limit)
        {
            Arrive();
            try
            {
                var opened = open.Task.Wait(givenUp ? TimeSpan.Zero : limit);
                givenUp |= !opened;
                return opened;
            }
            finally
            {
                Interlocked.Decrement(ref inside);
            }
        }

        private void Arrive()
        {
            var now = Interlocked.Increment(ref inside);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            if (now >= needed)
            {
                open.TrySetResult();
            }
        }
    }

    /// <summary>Imr.Local's durable engine on the in-memory service, in this process, with the given tasks only.</summary>
    private sealed class InMemoryEngine(WebApplication app) : IAsyncDisposable
    {
        public static async Task<InMemoryEngine> StartAsync(Action<DurableTaskRegistry> tasks)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<EngineReadiness>();

            // As Imr.Local does: the worker's open stream would otherwise hold shutdown for the default 30 s.
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            var port = builder.AddDurableEngine(new LocalOptions { Engine = "memory" }, "UseDevelopmentStorage=true", tasks);
            var app = builder.Build();
            app.MapDurableEngine(port);
            await app.StartAsync();
            return new InMemoryEngine(app);
        }

        /// <summary>Starts <paramref name="count"/> instances at once and waits for all of them.</summary>
        public async Task<OrchestrationMetadata[]> RunAllAsync(string orchestrator, int count)
        {
            var client = app.Services.GetRequiredService<DurableTaskClient>();
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));

            // The worker and the client share one channel; if the worker dialled before Kestrel listened, the channel is
            // backing off and would fail a call at once, so wait until it is connected.
            await app.Services.GetRequiredService<GrpcChannel>().ConnectAsync(bound.Token);
            var ids = await Task.WhenAll(Enumerable.Range(0, count)
                .Select(i => client.ScheduleNewOrchestrationInstanceAsync(orchestrator, i, bound.Token)));
            return await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, bound.Token)));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
