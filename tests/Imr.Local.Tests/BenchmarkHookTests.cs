using System.Net;
using System.Text.Json.Nodes;
using Imr.Benchmarks.Hooks;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// The end-to-end benchmark's routes (<c>/api/benchmark/*</c>) come from outside Imr.Local, as the hosting startup in
/// tests/Imr.Benchmarks.Hooks: absent from a host started without it, and with it, the baseline orchestration runs on the
/// host's own engine and the storage and runtime counters answer.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class BenchmarkHookTests(LocalSystem system)
{
    [Theory]
    [InlineData("benchmark/runtime")]
    [InlineData("benchmark/storage-operations")]
    public async Task Without_the_hooks_the_routes_do_not_exist(string path)
    {
        using var response = await system.Api.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_the_hooks_there_is_no_baseline_to_run()
    {
        using var response = await system.Api.PostAsync(new Uri("benchmark/baseline?count=1&activities=1", UriKind.Relative), null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_the_hooks_the_baseline_runs_and_the_counters_grow_as_the_host_works()
    {
        await using var local = await LocalProcess.StartAsync(
            [$"--ImrStorage={system.Azurite.ConnectionString}", "--ImrLocal:TaskHub=benchhookhub", "--engine", "memory"],
            prepare: BenchmarkHookActivation.AddTo);

        var before = await RuntimeAsync(local.Client);

        // The first baseline run compiles its orchestration and activity and allocates their histories.
        using var baseline = await local.Client.PostAsync(new Uri("benchmark/baseline?count=5&activities=2&purge=true", UriKind.Relative), null);
        baseline.StatusCode.ShouldBe(HttpStatusCode.OK, await baseline.Content.ReadAsStringAsync());
        var run = (await baseline.ReadJsonAsync()).AsObject();
        run.Long("count").ShouldBe(5);
        run.Long("purged").ShouldBe(5, "every baseline instance completed and left the task hub");
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

        using var storage = await local.Client.GetAsync(new Uri("benchmark/storage-operations", UriKind.Relative));
        storage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await storage.ReadJsonAsync()).AsObject().Long("total").ShouldBeGreaterThan(0);

        // Bad input is refused the way the host refuses it: problem+json naming each parameter and why.
        using var refused = await local.Client.PostAsync(new Uri("benchmark/baseline?count=0&activities=many", UriKind.Relative), null);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await refused.ReadJsonAsync()).AsObject();
        problem["status"]!.GetValue<int>().ShouldBe(400);
        problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["count", "activities"]);
        problem["errors"]![0]!["reason"]!.GetValue<string>().ShouldBe("Must be a whole number from 1 to 5000.");

        // The host's own routes are still its own.
        using var health = await local.Client.GetAsync(new Uri("health", UriKind.Relative));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<JsonObject> RuntimeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("benchmark/runtime", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadJsonAsync()).AsObject();
    }
}

/// <summary>Reads a number of a JSON view, failing with its name when it is missing.</summary>
internal static class RuntimeCounterFields
{
    public static long Long(this JsonObject view, string name) =>
        view[name]?.GetValue<long>() ?? throw new InvalidOperationException($"The view has no '{name}'.");

    public static double Double(this JsonObject view, string name) =>
        view[name]?.GetValue<double>() ?? throw new InvalidOperationException($"The view has no '{name}'.");
}
