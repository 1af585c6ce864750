using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// Two applications of one employee, requesting physician and date of injury, submitted over HTTP to a host that
/// consolidates (8 CCR § 9792.10.4(a)): one case, one determination with every item; the other number says which case
/// carries it.
/// </summary>
public abstract class ConsolidationAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string SecondItem = "MRI cervical spine without contrast";

    [SkippableFact]
    public async Task Section_9792_10_4_a_a_second_application_is_decided_in_the_first_ones_determination()
    {
        await using var host = await system.StartConsolidatingHostAsync($"consolidate{Guid.NewGuid():N}"[..20]);
        Skip.If(host is null, $"{system.Kind} has no consolidation setting.");
        var api = host.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        // An employee of this test's own, so no other test's case carries its applications.
        var employeeId = $"EE-{Guid.NewGuid():N}";

        var carrier = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(Application(carrier, employeeId))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await api.WaitForStateAsync(carrier, Patience, "AwaitingRecords");

        var second = ImrApi.NewCaseNumber();
        var secondFile = Application(second, employeeId, SecondItem);
        (await api.SubmitAsync(secondFile, idempotencyKey: $"first-{second}")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // The same application again under another key is the same submission: it adds nothing.
        using (var again = await api.SubmitAsync(secondFile, idempotencyKey: $"again-{second}"))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var body = await again.ReadJsonAsync();
            body["caseNumber"]!.GetValue<string>().ShouldBe(second);
        }

        var joined = await api.WaitForStateAsync(second, Patience, "Consolidated");
        joined["consolidatedInto"]!.GetValue<string>().ShouldBe(carrier);
        joined["stateReason"]!.GetValue<string>().ShouldBe($"Consolidated into {carrier}");

        (await api.PostAsync(new Uri($"cases/{carrier}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var review = await api.WaitForStateAsync(carrier, Patience, "UnderReview");
        review["items"]!.AsArray().Select(i => i!.GetValue<string>()).ShouldBe(["Technician bone scan total spine", SecondItem]);
        review["consolidatedApplications"]!.AsArray().Select(i => i!.GetValue<string>()).ShouldBe([second]);

        var decision = ImrApi.Decision(assigned["reviewerId"]!.GetValue<string>());
        var item = decision["items"]![0]!.DeepClone();
        item["description"] = SecondItem;
        decision["items"]!.AsArray().Add(item);
        decision = await decision.WithTokenAsync(system.StorageConnectionString, carrier);
        await api.StateNoConflictAsync(carrier, decision["assignmentToken"]!.GetValue<string>());
        using (var decided = await api.PostAsAsync(ImrCaller.None, $"cases/{carrier}/decision", ImrApi.Json(decision)))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        var determined = await api.WaitForStateAsync(carrier, Patience, "Determined");
        determined["determination"]!["items"]!.AsArray().Select(i => i!["description"]!.GetValue<string>())
            .ShouldBe(["Technician bone scan total spine", SecondItem]);
        using var letter = await api.GetAsync($"cases/{carrier}/determination", "text/plain");
        letter.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await letter.Content.ReadAsStringAsync()).ShouldContain(SecondItem);
        (await api.GetAsync(new Uri($"cases/{second}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static JsonNode Application(string caseNumber, string employeeId, string? item = null)
    {
        var node = ImrApi.SeedCase(caseNumber, item);
        node["parties"]!["employee"]!["id"] = employeeId;
        return node;
    }
}
