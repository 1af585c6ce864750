using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Imr.Testing.Acceptance;

/// <summary>Every refusal the API promises, each with a problem+json body naming the field.</summary>
public abstract class ErrorStatusAcceptance(IImrSystem system)
{
    [SkippableFact]
    public async Task An_invalid_case_file_gets_400_with_every_problem()
    {
        var caseFile = ImrApi.SeedCase(ImrApi.NewCaseNumber());
        caseFile["schemaVersion"] = "9.9";
        caseFile["disputedItems"]![0]!["description"] = "";
        caseFile.AsObject().Remove("parties");

        using var response = await system.Host.Api.SubmitAsync(caseFile);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var paths = await response.ProblemPathsAsync();
        paths.ShouldContain("$.schemaVersion");
        paths.ShouldContain(p => p.StartsWith("$.disputedItems[0]", StringComparison.Ordinal));
        paths.ShouldContain(p => p.StartsWith("$.parties", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_body_that_is_not_json_gets_400_and_no_stack_trace()
    {
        using var response = await system.Host.Api.PostAsync(new Uri("cases", UriKind.Relative), ImrApi.Json("{ not json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("   at ");
        (await response.ProblemPathsAsync()).ShouldNotBeEmpty();
    }

    [SkippableFact]
    public async Task The_same_submission_twice_gets_the_same_case_and_different_content_under_that_number_gets_409()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        var key = Guid.NewGuid().ToString();
        using var first = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber), key);
        using var sameKey = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber), key);
        using var sameContent = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber));
        using var otherContent = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber, "Magnetic resonance imaging cervical spine"));

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        sameKey.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        sameContent.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await sameKey.ReadJsonAsync())["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
        (await sameContent.ReadJsonAsync())["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
        otherContent.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await otherContent.ProblemPathsAsync()).ShouldContain("$.caseNumber");
    }

    [SkippableFact]
    public async Task Identical_submissions_racing_each_other_get_one_case()
    {
        // No case number in the file: each request allocates one, and the content claim decides which survives.
        var caseFile = ImrApi.SeedCase("CM25-0000000");
        caseFile.AsObject().Remove("caseNumber");
        caseFile["disputedItems"]![0]!["description"] = $"Physical therapy 2x6 lumbar spine ({Guid.NewGuid():N})";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => system.Host.Api.SubmitAsync(caseFile)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["caseNumber"]!.GetValue<string>()));
        numbers.Distinct().Count().ShouldBe(1, string.Join(", ", numbers));
        using var audit = await system.Host.Api.GetAsync(new Uri($"cases/{numbers[0]}/audit", UriKind.Relative));
        (await audit.ReadJsonAsync()).AsArray().Count(e => e!["action"]!.GetValue<string>() == "CaseSubmitted").ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [SkippableFact]
    public async Task An_idempotency_key_reused_for_another_case_file_gets_409()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(ImrApi.NewCaseNumber()), key);
        using var reused = await system.Host.Api.SubmitAsync(ImrApi.SeedCase(ImrApi.NewCaseNumber()), key);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reused.ProblemPathsAsync()).ShouldContain("Idempotency-Key");
    }

    [SkippableFact]
    public async Task A_non_ascii_idempotency_key_is_refused_and_creates_no_case()
    {
        // HttpClient sends only ASCII header values unless told how to encode others.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var client = new HttpClient(handler) { BaseAddress = system.Host.Api.BaseAddress, Timeout = system.Host.Api.Timeout };
        foreach (var header in system.Host.Api.DefaultRequestHeaders)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        // Staff, in the header each host reads (each ignores the other's).
        client.DefaultRequestHeaders.Add(CallerIdentityHandler.DevelopmentHeader, $"{ImrCaller.Staff.Role}:{ImrCaller.Staff.Id}");
        client.DefaultRequestHeaders.Add(CallerIdentityHandler.EasyAuthHeader, CallerIdentityHandler.ClientPrincipal(ImrCaller.Staff));

        var caseNumber = ImrApi.NewCaseNumber();
        using var response = await client.SubmitAsync(ImrApi.SeedCase(caseNumber), $"cl\u00e9-{Guid.NewGuid():N}");

        if (system.Host.ForwardsNonAsciiHeaders)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            (await response.ProblemPathsAsync()).ShouldBe(["Idempotency-Key"]);
        }
        else
        {
            // The host fails to hand the request to the app and answers for it (docs/api.md, Size limits).
            response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        }

        using var unknown = await system.Host.Api.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a refused submission creates no case");
    }

    [SkippableFact]
    public async Task A_request_that_fails_inside_the_app_gets_a_500_problem_and_leaves_no_stack_trace_in_the_log()
    {
        // A case row no release writes (an unknown priority), as a storage fault or a hand edit could leave it: reading it
        // throws inside the endpoint. The row is closed, so no sweep reads it, and it is deleted at once.
        var caseNumber = ImrApi.NewCaseNumber();
        var cases = new TableClient(system.StorageConnectionString, "Cases");
        var logFrom = system.Host.Output.Length;
        await cases.AddEntityAsync(new TableEntity(caseNumber, caseNumber) { ["State"] = "Determined", ["Priority"] = "Whenever" });
        try
        {
            using var response = await system.Host.Api.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, body);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", body);
            body.ShouldNotContain(" at ", Case.Sensitive, "no stack trace in the answer");
            (await response.ReadProblemAsync())["errors"]!.AsArray().ShouldBeEmpty();
        }
        finally
        {
            await cases.DeleteEntityAsync(caseNumber, caseNumber);
        }

        // The host logs the failure by exception type; once that line is there, whatever else the failure wrote is too.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!system.Host.Output[logFrom..].Contains("Request failed with InvalidDataException", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var written = system.Host.Output[logFrom..];
        written.ShouldContain("Request failed with InvalidDataException; answered 500.", Case.Sensitive, $"the failure is logged by type:\n{written}");
        StackTraceLines(written).ShouldBeEmpty($"the host logged a stack trace while answering:\n{written}");
    }

    /// <summary>The lines of <paramref name="log"/> that belong to a .NET stack trace.</summary>
    public static IReadOnlyList<string> StackTraceLines(string log) =>
        log.Split('\n').Where(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains('(', StringComparison.Ordinal)
            || line.Contains("--- End of stack trace", StringComparison.Ordinal)
            || line.Contains("--- End of inner exception stack trace", StringComparison.Ordinal)).ToList();

    [SkippableFact]
    public async Task An_oversized_case_file_gets_413()
    {
        var caseFile = ImrApi.SeedCase(ImrApi.NewCaseNumber());
        caseFile["clinicalSummary"] = new string('x', 1024 * 1024 + 10);

        using var response = await system.Host.Api.SubmitAsync(caseFile);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ProblemPathsAsync()).ShouldBe(["$"]);
    }

    [SkippableFact]
    public async Task Unknown_cases_reviewers_and_letters_get_404()
    {
        var unknown = ImrApi.NewCaseNumber();
        foreach (var path in new[] { $"cases/{unknown}", $"cases/{unknown}/audit", $"cases/{unknown}/determination", "cases/not-a-case", "reviewers/nobody-here" })
        {
            using var response = await system.Host.Api.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            await response.ReadProblemAsync();
        }

        using var wrongMethod = await system.Host.Api.DeleteAsync(new Uri($"cases/{unknown}", UriKind.Relative));
        wrongMethod.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        if (system.Host.AnswersUnknownRoutes)
        {
            await wrongMethod.ReadProblemAsync();
        }

        using var record = await system.Host.Api.PutAsync(new Uri($"cases/{unknown}/records/a.pdf", UriKind.Relative), new ByteArrayContent([1, 2, 3]));
        record.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var withdraw = await system.Host.Api.PostAsync(new Uri($"cases/{unknown}/withdraw", UriKind.Relative), ImrApi.Json("""{"reason":"test"}"""));
        withdraw.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Decisions_are_checked_400_for_bad_input_403_for_another_reviewer()
    {
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await system.Host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords");
        var assignedTo = assigned["reviewerId"]!.GetValue<string>();

        var invalid = ImrApi.Decision(assignedTo, description: "Something that was never disputed");
        invalid["items"]![0]!.AsObject().Remove("rationale");
        using var bad = await system.Host.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(invalid));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var paths = await bad.ProblemPathsAsync();
        paths.ShouldContain("$.items[0].description");
        paths.ShouldContain("$.items[0].rationale");

        using var stranger = await system.Host.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision("someone-else")));
        stranger.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var early = await system.Host.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(assignedTo)));
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict, "records are not complete yet");
    }

    [SkippableFact]
    public async Task Records_are_write_once_and_a_withdrawn_case_refuses_more()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");
        var uri = new Uri($"cases/{caseNumber}/records/imaging.pdf", UriKind.Relative);

        using var first = await system.Host.Api.PutAsync(uri, new ByteArrayContent([1, 2, 3]));
        using var same = await system.Host.Api.PutAsync(uri, new ByteArrayContent([1, 2, 3]));
        using var different = await system.Host.Api.PutAsync(uri, new ByteArrayContent([9, 9, 9]));
        using var badName = await system.Host.Api.PutAsync(new Uri($"cases/{caseNumber}/records/..hidden", UriKind.Relative), new ByteArrayContent([1]));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        same.StatusCode.ShouldBe(HttpStatusCode.OK);
        different.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        badName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var noReason = await system.Host.Api.PostAsync(new Uri($"cases/{caseNumber}/withdraw", UriKind.Relative), ImrApi.Json("{}"));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ProblemPathsAsync()).ShouldContain("$.reason");

        using var withdrawn = await system.Host.Api.PostAsync(new Uri($"cases/{caseNumber}/withdraw", UriKind.Relative), ImrApi.Json("""{"reason":"The worker withdrew the application."}"""));
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "Terminated");

        using var late = await system.Host.Api.PutAsync(new Uri($"cases/{caseNumber}/records/late.pdf", UriKind.Relative), new ByteArrayContent([4]));
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var again = await system.Host.Api.PostAsync(new Uri($"cases/{caseNumber}/withdraw", UriKind.Relative), ImrApi.Json("""{"reason":"again"}"""));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Reviewers_are_validated_and_listing_checks_its_query()
    {
        using var invalid = await system.Host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json("""{"name":"","licenses":[{"state":"California"}],"capacity":-1}"""));
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var paths = await invalid.ProblemPathsAsync();
        paths.ShouldContain("$.name");
        paths.ShouldContain("$.licenses[0].state");
        paths.ShouldContain("$.capacity");

        var misspelt = ImrApi.Reviewer($"rev-{Guid.NewGuid():N}"[..16]);
        misspelt["capcity"] = 3;
        using var unknownProperty = await system.Host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(misspelt));
        unknownProperty.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a misspelt property is refused, not dropped");
        (await unknownProperty.ProblemPathsAsync()).ShouldContain(p => p.Contains("capcity", StringComparison.Ordinal));

        var id = $"rev-{Guid.NewGuid():N}"[..16];
        (await system.Host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(id)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await system.Host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(id)))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var paused = ImrApi.Reviewer(id);
        paused["status"] = "Paused";
        using var put = await system.Host.Api.PutAsync(new Uri($"reviewers/{id}", UriKind.Relative), ImrApi.Json(paused));
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await system.Host.Api.GetAsync(new Uri($"reviewers/{id}", UriKind.Relative))).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("Paused");

        using var badQuery = await system.Host.Api.GetAsync(new Uri("cases?state=Sleeping&dueBefore=tomorrow&pageSize=0", UriKind.Relative));
        badQuery.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badQuery.ProblemPathsAsync()).ShouldBe(["state", "dueBefore", "pageSize"], ignoreOrder: true);

        using var list = await system.Host.Api.GetAsync(new Uri("cases?pageSize=5", UriKind.Relative));
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.ReadJsonAsync())["cases"]!.AsArray().Count.ShouldBeLessThanOrEqualTo(5);
    }
}
