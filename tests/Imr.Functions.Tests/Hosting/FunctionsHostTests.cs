using System.Net;
using System.Text.RegularExpressions;

namespace Imr.Functions.Tests.Hosting;

/// <summary>What only the Functions host has: the timer trigger, the Event Grid handshake, and the environment it starts in.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed partial class FunctionsHostTests(FunctionsHostSystem system)
{
    [SkippableFact]
    public async Task The_app_starts_in_Development_as_func_start_runs_it()
    {
        // The shared host runs with AZURE_FUNCTIONS_ENVIRONMENT=Development, where the worker validates its container on build.
        using var health = await system.Process.Api.GetAsync(new Uri("health", UriKind.Relative));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).ShouldContain("ready");
        system.Process.Output.ShouldNotContain("Some services are not able to be constructed");
    }

    [SkippableFact]
    public async Task The_escalation_timer_runs_on_its_schedule_and_on_demand()
    {
        var host = system.Process;
        (await host.WaitForOutputAsync(o => Succeeded(o, "Timer fired") >= 1, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue($"the timer did not run on its 5-second schedule:\n{host.Output}");

        var before = Succeeded(host.Output, "programmatically called");
        (await host.RunFunctionNowAsync("EscalationTimer")).ShouldBe(HttpStatusCode.Accepted);
        (await host.WaitForOutputAsync(o => Succeeded(o, "programmatically called") > before, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue($"the timer run through the admin API did not succeed:\n{host.Output}");

        host.Output.ShouldContain("Escalation sweep: ");
        host.Output.ShouldNotContain("Escalation sweep failed");
        host.Output.ShouldNotContain("Webhooks are not configured");
    }

    [SkippableFact]
    public async Task Event_grid_subscriptions_are_validated_with_the_blobs_extension_key_only()
    {
        var host = system.Process;
        foreach (var function in new[] { "IntakeBlobTrigger", "RecordBlobTrigger" })
        {
            var (status, body) = await host.ValidateSubscriptionAsync(function, $"code-{function}");
            status.ShouldBe(HttpStatusCode.OK, body);
            body.ShouldContain($"code-{function}");
        }

        if (host.RequiresKey)
        {
            var (refused, _) = await host.ValidateSubscriptionAsync("IntakeBlobTrigger", "code-x", key: "not-the-key");
            refused.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [SkippableFact]
    public async Task A_function_key_in_the_query_string_is_the_hosts_and_not_a_query_parameter_of_the_route()
    {
        var host = system.Process;
        using var listed = await host.Anonymous.GetAsAsync(ImrCaller.Staff, $"cases?state=Received&code={Uri.EscapeDataString(host.MasterKey)}");

        listed.StatusCode.ShouldBe(HttpStatusCode.OK, await listed.Content.ReadAsStringAsync());
    }

    /// <summary>Invocations of the timer whose Executing line names <paramref name="reason"/> and whose Executed line says Succeeded.</summary>
    private static int Succeeded(string output, string reason)
    {
        var started = Executing().Matches(output).Where(m => m.Groups["reason"].Value.Contains(reason, StringComparison.Ordinal)).Select(m => m.Groups["id"].Value).ToHashSet();
        return Executed().Matches(output).Count(m => started.Contains(m.Groups["id"].Value));
    }

    [GeneratedRegex(@"Executing 'Functions\.EscalationTimer' \(Reason='(?<reason>[^']*)', Id=(?<id>[0-9a-f-]+)\)")]
    private static partial Regex Executing();

    [GeneratedRegex(@"Executed 'Functions\.EscalationTimer' \(Succeeded, Id=(?<id>[0-9a-f-]+)")]
    private static partial Regex Executed();
}
