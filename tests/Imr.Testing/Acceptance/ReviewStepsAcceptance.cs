using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>The statutory steps of the review over the API: the reviewer's request for information (8 CCR § 9792.10.5(b), (c)).</summary>
public abstract class ReviewStepsAcceptance(IImrSystem system)
{
    private static JsonObject InformationRequest(string reviewerId, params string[] items) =>
        new JsonObject { ["reviewerId"] = reviewerId, ["items"] = new JsonArray([.. items.Select(i => (JsonNode)JsonValue.Create(i))]) };

    [SkippableFact]
    public async Task Section_9792_10_5_b_c_information_requests_take_the_assigned_reviewer_only_while_under_review()
    {
        var api = system.Host.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assignedTo = (await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords"))["reviewerId"]!.GetValue<string>();
        var reviewer = ImrCaller.Reviewer(assignedTo);
        var path = $"cases/{caseNumber}/information-requests";
        await api.StateNoConflictAsync(caseNumber, null, reviewer);

        // 400 naming the field, before anything else is looked at.
        using (var noItems = await api.PostAsAsync(reviewer, path, ImrApi.Json(new JsonObject { ["reviewerId"] = assignedTo })))
        {
            noItems.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await noItems.ProblemPathsAsync()).ShouldBe(["$.items"]);
        }

        using (var blank = await api.PostAsAsync(reviewer, path, ImrApi.Json(InformationRequest(assignedTo, "Lumbar MRI report", " "))))
        {
            blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await blank.ProblemPathsAsync()).ShouldBe(["$.items[1]"]);
        }

        using (var noReviewer = await api.PostAsAsync(reviewer, path, ImrApi.Json(new JsonObject { ["items"] = new JsonArray("Lumbar MRI report") })))
        {
            noReviewer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await noReviewer.ProblemPathsAsync()).ShouldBe(["$.reviewerId"]);
        }

        // 403 by role, for another reviewer, and for a caller with neither a session nor the credential.
        var request = ImrApi.Json(InformationRequest(assignedTo, "Physical therapy notes since 2026-01-01"));
        foreach (var other in new[] { ImrCaller.Staff, ImrCaller.Auditor })
        {
            using var refused = await api.PostAsAsync(other, path, ImrApi.Json(InformationRequest(assignedTo, "Physical therapy notes since 2026-01-01")));
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.ProblemPathsAsync()).ShouldBe(["role"]);
        }

        using (var stranger = await api.PostAsAsync(ImrCaller.Reviewer("someone-else"), path, ImrApi.Json(InformationRequest("someone-else", "Anything"))))
        {
            stranger.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await stranger.ProblemPathsAsync()).ShouldBe(["$.reviewerId"]);
        }

        // 409 while the records are awaited: the review has not started.
        using (var early = await api.PostAsAsync(reviewer, path, ImrApi.Json(InformationRequest(assignedTo, "Physical therapy notes since 2026-01-01"))))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await early.ProblemPathsAsync()).ShouldBe(["state"]);
        }

        (await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "UnderReview");

        // As with decisions, a caller without a reviewer session needs the assignment credential.
        using (var noCredential = await api.PostAsAsync(ImrCaller.None, path, ImrApi.Json(InformationRequest(assignedTo, "Anything"))))
        {
            noCredential.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await noCredential.ProblemPathsAsync()).ShouldBe(["$.assignmentToken"]);
        }

        using (var accepted = await api.PostAsAsync(reviewer, path, request))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await accepted.ReadJsonAsync())["first"]!.GetValue<bool>().ShouldBeTrue();
        }

        using (var again = await api.PostAsAsync(reviewer, path, ImrApi.Json(InformationRequest(assignedTo, "Physical therapy notes since 2026-01-01"))))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await again.ReadJsonAsync())["first"]!.GetValue<bool>().ShouldBeFalse();
        }

        // Every party gets the request once: employer, employee, requesting physician, claims administrator (no attorney here).
        List<JsonNode> requests = [];
        for (var i = 0; i < 6 && requests.Count < 4; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(i == 0 ? 2 : 10.5));
            requests = (await ImrApi.NoticesAsync(system.StorageConnectionString, caseNumber)).Where(n => n["kind"]?.GetValue<string>() == "InformationRequest").ToList();
        }

        requests.Select(n => n["recipient"]!.GetValue<string>()).ShouldBe(["FEIN-00-0000001", "EE-000001", "NPI-1000000001", "CA-0001"], ignoreOrder: true);

        var decision = await ImrApi.Decision(assignedTo).WithTokenAsync(system.StorageConnectionString, caseNumber);
        (await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "Determined");
        using var late = await api.PostAsAsync(reviewer, path, ImrApi.Json(InformationRequest(assignedTo, "Anything else")));
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
