using Azure.Storage.Queues;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>Small helpers over the HTTP API, so tests read like the process they drive.</summary>
public static class ImrApi
{
    /// <summary>The files under Examples/ in the test output (the repository's docs/examples and docs/demo).</summary>
    public static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", name));

    /// <summary>A JSON body.</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON body from a node.</summary>
    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    /// <summary>Parses a response body as JSON.</summary>
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>The seed case with its case number replaced (every test gets its own case).</summary>
    public static JsonNode SeedCase(string caseNumber, string? itemDescription = null)
    {
        var node = JsonNode.Parse(Example("seed-case.json"))!;
        node["caseNumber"] = caseNumber;
        if (itemDescription is not null)
        {
            node["disputedItems"]![0]!["description"] = itemDescription;
        }

        return node;
    }

    /// <summary>A reviewer profile from docs/demo with a new id.</summary>
    public static JsonNode Reviewer(string id, string file = "reviewer-occupational-medicine.json")
    {
        var node = JsonNode.Parse(Example(file))!;
        node["id"] = id;
        return node;
    }

    /// <summary>Submits a case file; returns the response.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, JsonNode caseFile, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "cases") { Content = Json(caseFile) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Polls <c>GET /cases/{n}</c> until the state is one of <paramref name="states"/>; returns the case.</summary>
    public static async Task<JsonNode> WaitForStateAsync(this HttpClient client, string caseNumber, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await response.ReadJsonAsync();
                if (states.Contains(last["state"]!.GetValue<string>()))
                {
                    return last;
                }
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"Case {caseNumber} did not reach {string.Join("/", states)} in {timeout}; last seen: {last?.ToJsonString() ?? "(none)"}");
    }

    /// <summary>
    /// One seed case straight through, as its parties would take it: a new reviewer, the submission, records complete, the
    /// decision with the credential from the notice of assignment (read from the application's storage at
    /// <paramref name="dataConnectionString"/>); each wait is bounded by <paramref name="stepTimeout"/>. Returns the
    /// determined case.
    /// </summary>
    public static async Task<JsonNode> RunSeedCaseToLetterAsync(this HttpClient client, string dataConnectionString, TimeSpan stepTimeout)
    {
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await client.PostAsync(new Uri("reviewers", UriKind.Relative), Json(Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = NewCaseNumber();
        (await client.SubmitAsync(SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await client.WaitForStateAsync(caseNumber, stepTimeout, "AwaitingRecords");
        await client.StateNoConflictAsync(caseNumber, await AssignmentNotices.TokenAsync(dataConnectionString, caseNumber));
        (await client.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await client.WaitForStateAsync(caseNumber, stepTimeout, "UnderReview");
        var decision = await Decision(assigned["reviewerId"]!.GetValue<string>()).WithTokenAsync(dataConnectionString, caseNumber);
        (await client.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", Json(decision))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return await client.WaitForStateAsync(caseNumber, stepTimeout, "Determined");
    }

    /// <summary>
    /// The assigned reviewer states no conflict of interest in the case (LC § 139.5), as <paramref name="caller"/> (by default
    /// the holder of <paramref name="assignmentToken"/>, with no session), and the case shows the statement.
    /// </summary>
    public static async Task StateNoConflictAsync(this HttpClient client, string caseNumber, string? assignmentToken, ImrCaller? caller = null)
    {
        var body = new JsonObject { ["noConflict"] = true };
        if (assignmentToken is not null)
        {
            body["assignmentToken"] = assignmentToken;
        }

        using (var stated = await client.PostAsAsync(caller ?? ImrCaller.None, $"cases/{caseNumber}/conflict-statement", Json(body)))
        {
            stated.StatusCode.ShouldBe(HttpStatusCode.Accepted, await stated.Content.ReadAsStringAsync());
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK && (await response.ReadJsonAsync())["noConflictStatedAt"] is JsonValue)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Case {caseNumber} never showed the reviewer's conflict statement.");
    }

    /// <summary>The decision for the seed case's single item.</summary>
    public static JsonNode Decision(string reviewerId, string description = "Technician bone scan total spine", string decision = "Upheld")
    {
        var node = JsonNode.Parse(Example("decision.json"))!;
        node["reviewerId"] = reviewerId;
        node["items"]![0]!["description"] = description;
        node["items"]![0]!["decision"] = decision;
        return node;
    }

    /// <summary>GET with an Accept header.</summary>
    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return client.SendAsync(request);
    }

    /// <summary>The <c>errors[].path</c> values of a problem body.</summary>
    public static async Task<IReadOnlyList<string>> ProblemPathsAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadProblemAsync();
        return body["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
    }

    /// <summary>
    /// A problem body, checked to have the documented shape (docs/api.md, Errors) and nothing more: <c>type</c> naming the
    /// status, <c>title</c>, <c>status</c> as answered, and <c>errors</c> of <c>{path, reason}</c>.
    /// </summary>
    public static async Task<JsonObject> ReadProblemAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var body = JsonNode.Parse(text)!.AsObject();
        body.Select(p => p.Key).ShouldBe(["type", "title", "status", "errors"], text);
        var status = (int)response.StatusCode;
        body["type"]!.GetValue<string>().ShouldBe($"https://httpstatuses.io/{status}", text);
        body["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(text);
        body["status"]!.GetValue<int>().ShouldBe(status, text);
        foreach (var error in body["errors"]!.AsArray())
        {
            error!.AsObject().Select(p => p.Key).ShouldBe(["path", "reason"], text);
            error["reason"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(text);
        }

        return body;
    }

    /// <summary>A fresh case number for a test (year 25, random sequence), so tests sharing storage never collide.</summary>
    public static string NewCaseNumber() => $"CM25-{Random.Shared.Next(1, 9_999_999):0000000}";

    /// <summary>Serialises for assertions.</summary>
    public static string Text(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>
    /// Reads the notifications queue for one case's notices, each on its own (<see cref="NotificationMessages.Notices"/>).
    /// Messages are received with a short invisibility and not deleted, so they come back for other tests; batches are read
    /// until the queue shows no more.
    /// </summary>
    public static async Task<IReadOnlyList<JsonNode>> NoticesAsync(string connectionString, string caseNumber)
    {
        var queue = new QueueClient(connectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var found = new List<JsonNode>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (found.Count == 0 && DateTime.UtcNow < deadline)
        {
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(10))).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                found.AddRange(batch.Select(m => JsonNode.Parse(m.Body.ToString())!).Where(n => n["caseNumber"]?.GetValue<string>() == caseNumber).SelectMany(NotificationMessages.Notices));
            }

            if (found.Count == 0)
            {
                await Task.Delay(10_500);
            }
        }

        return found;
    }
}

/// <summary>Calls of the API as a chosen caller (<see cref="ImrCaller"/>); every other call is the client's default caller (staff).</summary>
public static class ImrApiCallers
{
    /// <summary>The request, sent as <paramref name="caller"/>.</summary>
    public static HttpRequestMessage As(this HttpRequestMessage request, ImrCaller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(ImrCaller.Option, caller);
        return request;
    }

    /// <summary>GET as <paramref name="caller"/>.</summary>
    public static Task<HttpResponseMessage> GetAsAsync(this HttpClient client, ImrCaller caller, string path) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)).As(caller));

    /// <summary>POST of <paramref name="body"/> as <paramref name="caller"/>.</summary>
    public static Task<HttpResponseMessage> PostAsAsync(this HttpClient client, ImrCaller caller, string path, HttpContent? body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body }.As(caller));
}
