using System.Net;
using System.Text.Json.Nodes;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// The benchmark-only routes (<c>/api/benchmark/*</c>): absent from a host started without <c>ImrLocal:Benchmark=true</c>,
/// and with it, the runtime counters the end-to-end benchmark reads around each phase to tell JIT warm-up from steady state.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class BenchmarkHookTests(LocalSystem system)
{
    [Theory]
    [InlineData("benchmark/runtime")]
    [InlineData("benchmark/storage-operations")]
    public async Task Without_the_benchmark_option_the_routes_do_not_exist(string path)
    {
        using var response = await system.Api.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_the_benchmark_option_the_runtime_counters_grow_as_the_host_works()
    {
        await using var local = await LocalProcess.StartAsync(
            [$"--ImrStorage={system.Azurite.ConnectionString}", "--ImrLocal:TaskHub=benchhookhub", "--engine", "memory", "--ImrLocal:Benchmark=true"]);

        var before = await RuntimeAsync(local.Client);

        // The first baseline run compiles its orchestration and activity and allocates their histories.
        using var baseline = await local.Client.PostAsync(new Uri("benchmark/baseline?count=5&activities=2&purge=true", UriKind.Relative), null);
        baseline.StatusCode.ShouldBe(HttpStatusCode.OK, await baseline.Content.ReadAsStringAsync());
        var after = await RuntimeAsync(local.Client);

        before.Long("jitMethods").ShouldBeGreaterThan(0);
        before.Double("jitMs").ShouldBeGreaterThan(0);
        after.Long("jitMethods").ShouldBeGreaterThan(before.Long("jitMethods"));
        after.Double("jitMs").ShouldBeGreaterThan(before.Double("jitMs"));
        after.Double("cpuMs").ShouldBeGreaterThan(before.Double("cpuMs"));
        after.Long("allocatedBytes").ShouldBeGreaterThan(before.Long("allocatedBytes"));
        foreach (var generation in new[] { "gen0", "gen1", "gen2" })
        {
            after.Long(generation).ShouldBeGreaterThanOrEqualTo(before.Long(generation), generation);
        }
    }

    private static async Task<JsonObject> RuntimeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("benchmark/runtime", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadJsonAsync()).AsObject();
    }
}

/// <summary>Reads a counter of the runtime view, failing with its name when it is missing.</summary>
internal static class RuntimeCounterFields
{
    public static long Long(this JsonObject view, string name) =>
        view[name]?.GetValue<long>() ?? throw new InvalidOperationException($"The runtime view has no '{name}'.");

    public static double Double(this JsonObject view, string name) =>
        view[name]?.GetValue<double>() ?? throw new InvalidOperationException($"The runtime view has no '{name}'.");
}
