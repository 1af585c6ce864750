using System.Text.Json.Nodes;
using Imr.Functions.Http;

namespace Imr.Functions.Tests.Http;

/// <summary>The HTTP functions called directly, as the Functions host calls them, with a real durable client and real storage.</summary>
public sealed class HttpFunctionTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    [Fact]
    public async Task Submitting_a_case_starts_its_orchestration_and_the_case_can_be_read_back()
    {
        var reviewers = new ReviewerFunctions(host.Services);
        var cases = new CaseFunctions(host.Services);
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        var reviewerRequest = host.Request("POST", FunctionsHost.Reviewer(reviewerId));
        var created = await FunctionsHost.ExecuteAsync(reviewerRequest, await reviewers.CreateReviewer(reviewerRequest, CancellationToken.None));
        created.Status.ShouldBe(201, created.Body);

        var caseNumber = $"CM25-{Random.Shared.Next(1, 9_999_999):0000000}";
        var submit = host.Request("POST", FunctionsHost.SeedCase(caseNumber), headers: new Dictionary<string, string> { ["Idempotency-Key"] = caseNumber });
        var submitted = await FunctionsHost.ExecuteAsync(submit, await cases.SubmitCase(submit, host.Client, CancellationToken.None));

        submitted.Status.ShouldBe(202, submitted.Body);
        JsonNode.Parse(submitted.Body)!["instanceId"]!.GetValue<string>().ShouldBe($"case-{caseNumber}");
        var instance = await host.Client.WaitForInstanceStartAsync($"case-{caseNumber}", CancellationToken.None);
        instance.ShouldNotBeNull();

        JsonNode? view = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var get = host.Request("GET");
            var read = await FunctionsHost.ExecuteAsync(get, await cases.GetCase(get, caseNumber, CancellationToken.None));
            read.Status.ShouldBe(200);
            view = JsonNode.Parse(read.Body);
            if (view!["state"]!.GetValue<string>() is "AwaitingRecords" or "Unassigned")
            {
                break;
            }

            await Task.Delay(250);
        }

        view!["state"]!.GetValue<string>().ShouldBe("AwaitingRecords");
        view["reviewerId"]!.GetValue<string>().ShouldBe(reviewerId);

        var complete = host.Request("POST");
        var completed = await FunctionsHost.ExecuteAsync(complete, await cases.CompleteRecords(complete, caseNumber, host.Client, CancellationToken.None));
        completed.Status.ShouldBe(202, completed.Body);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && view!["state"]!.GetValue<string>() != "UnderReview")
        {
            await Task.Delay(250);
            var get = host.Request("GET");
            view = JsonNode.Parse((await FunctionsHost.ExecuteAsync(get, await cases.GetCase(get, caseNumber, CancellationToken.None))).Body);
        }

        view!["state"]!.GetValue<string>().ShouldBe("UnderReview", "records complete starts the review");

        var decisionNode = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "decision.json")))!;
        decisionNode["reviewerId"] = reviewerId;
        var decisionBody = decisionNode.ToJsonString();
        var decide = host.Request("POST", decisionBody, headers: new Dictionary<string, string> { ["X-Assignment-Token"] = await AssignmentNotices.TokenAsync(host.Services, caseNumber) });
        var decided = await FunctionsHost.ExecuteAsync(decide, await cases.SubmitDecision(decide, caseNumber, host.Client, CancellationToken.None));
        decided.Status.ShouldBe(202, decided.Body);

        deadline = DateTime.UtcNow.AddSeconds(30);
        (int Status, string? ContentType, string Body) letter = default;
        while (DateTime.UtcNow < deadline)
        {
            var get = host.Request("GET", headers: new Dictionary<string, string> { ["Accept"] = "text/plain" });
            letter = await FunctionsHost.ExecuteAsync(get, await cases.GetDetermination(get, caseNumber, CancellationToken.None));
            if (letter.Status == 200)
            {
                break;
            }

            await Task.Delay(250);
        }

        letter.Status.ShouldBe(200, "the letter is issued after the decision");
        letter.ContentType.ShouldNotBeNull().ShouldStartWith("text/plain");
        letter.Body!.ShouldContain(caseNumber);
    }

    [Fact]
    public async Task An_invalid_case_file_gets_a_400_problem_naming_each_field()
    {
        var cases = new CaseFunctions(host.Services);
        var request = host.Request("POST", """{"schemaVersion":"1.0","priority":"Soon"}""");

        var result = await FunctionsHost.ExecuteAsync(request, await cases.SubmitCase(request, host.Client, CancellationToken.None));

        result.Status.ShouldBe(400);
        result.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        result.Body.ShouldContain("$.priority");
    }

    [Fact]
    public async Task Unknown_cases_are_404_and_a_letter_is_404_until_issued()
    {
        var cases = new CaseFunctions(host.Services);
        var get = host.Request("GET");
        var missing = await FunctionsHost.ExecuteAsync(get, await cases.GetCase(get, "CM25-0000000", CancellationToken.None));
        var letterRequest = host.Request("GET", headers: new Dictionary<string, string> { ["Accept"] = "application/pdf" });
        var letter = await FunctionsHost.ExecuteAsync(letterRequest, await cases.GetDetermination(letterRequest, "CM25-9999998", CancellationToken.None));

        missing.Status.ShouldBe(404);
        letter.Status.ShouldBe(404);
        letter.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task Health_is_200_once_the_containers_exist()
    {
        var request = host.Request("GET");
        var result = await FunctionsHost.ExecuteAsync(request, await new ReviewerFunctions(host.Services).Health(request, CancellationToken.None));

        result.Status.ShouldBe(200, result.Body);
    }
}
