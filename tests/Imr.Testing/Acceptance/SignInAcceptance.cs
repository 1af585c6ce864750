using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>Sign-in and roles at the API: 401 without an identity, 403 for a wrong role, a reviewer limited to their own cases and deciding without the token.</summary>
public abstract class SignInAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task A_call_without_an_identity_gets_401_naming_the_reason_and_health_stays_open()
    {
        var api = system.Host.Api;
        using var health = await api.GetAsAsync(ImrCaller.None, "health");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var list = await api.GetAsAsync(ImrCaller.None, "cases");
        list.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await list.ProblemPathsAsync()).ShouldBe(["identity"]);

        using var submit = await api.PostAsAsync(ImrCaller.None, "cases", ImrApi.Json(ImrApi.SeedCase(ImrApi.NewCaseNumber())));
        submit.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await submit.ProblemPathsAsync()).ShouldBe(["identity"]);

        using var reviewer = await api.GetAsAsync(ImrCaller.None, "reviewers/rev-anyone");
        reviewer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task An_auditor_reads_but_changes_nothing()
    {
        var api = system.Host.Api;
        using var submit = await api.PostAsAsync(ImrCaller.Auditor, "cases", ImrApi.Json(ImrApi.SeedCase(ImrApi.NewCaseNumber())));
        submit.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await submit.ProblemPathsAsync()).ShouldBe(["role"]);
        (await submit.ReadJsonAsync())["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("staff");

        using var reviewer = await api.PostAsAsync(ImrCaller.Auditor, "reviewers", ImrApi.Json(ImrApi.Reviewer("rev-by-auditor")));
        reviewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var decide = await api.PostAsAsync(ImrCaller.Auditor, $"cases/{ImrApi.NewCaseNumber()}/decision", ImrApi.Json(ImrApi.Decision("rev-x")));
        decide.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var list = await api.GetAsAsync(ImrCaller.Auditor, "cases?pageSize=1");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task A_reviewer_sees_only_their_cases_and_decides_signed_in_without_the_token()
    {
        var api = system.Host.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");
        var assignedTo = ImrCaller.Reviewer(assigned["reviewerId"]!.GetValue<string>());
        var stranger = ImrCaller.Reviewer($"rev-stranger-{Guid.NewGuid():N}"[..24]);

        // Another reviewer's case is refused by the case, its letter and its trail; the assigned reviewer reads it.
        foreach (var path in new[] { $"cases/{caseNumber}", $"cases/{caseNumber}/audit", $"cases/{caseNumber}/determination" })
        {
            using var refused = await api.GetAsAsync(stranger, path);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await refused.ProblemPathsAsync()).ShouldBe(["caseNumber"]);
        }

        using (var own = await api.GetAsAsync(assignedTo, $"cases/{caseNumber}"))
        {
            own.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // The list holds only the caller's cases: none for the stranger, this one (and only theirs) for the assigned reviewer.
        using (var none = await api.GetAsAsync(stranger, "cases?pageSize=1000"))
        {
            none.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await none.ReadJsonAsync())["cases"]!.AsArray().ShouldBeEmpty();
        }

        var listed = await AllCasesAsync(api, assignedTo);
        listed.ShouldContain(c => c["caseNumber"]!.GetValue<string>() == caseNumber);
        listed.ShouldAllBe(c => c["reviewerId"]!.GetValue<string>() == assignedTo.Id);

        (await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "UnderReview");

        // A reviewer signed in under another id may not decide in the assigned reviewer's name, token or not.
        using (var impostor = await api.PostAsAsync(stranger, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(assignedTo.Id!))))
        {
            impostor.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await impostor.ProblemPathsAsync()).ShouldBe(["$.reviewerId"]);
        }

        // The assigned reviewer, signed in, needs no assignment token: for the conflict statement (LC § 139.5) nor the decision.
        await api.StateNoConflictAsync(caseNumber, assignmentToken: null, assignedTo);
        using (var decided = await api.PostAsAsync(assignedTo, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(assignedTo.Id!))))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        await api.WaitForStateAsync(caseNumber, Patience, "Determined");
        using var letter = await api.GetAsAsync(assignedTo, $"cases/{caseNumber}/determination");
        letter.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<List<JsonNode>> AllCasesAsync(HttpClient api, ImrCaller caller)
    {
        var found = new List<JsonNode>();
        string? token = null;
        do
        {
            using var page = await api.GetAsAsync(caller, "cases?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await page.ReadJsonAsync();
            found.AddRange(body["cases"]!.AsArray().Select(c => c!));
            token = body["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);
        return found;
    }
}
