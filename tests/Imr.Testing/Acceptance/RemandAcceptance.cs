using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// The remand of a determination the WCAB reversed (LC § 4610.6(i)) over HTTP: staff only, the order checked field by
/// field, a case not determined refused, and a determined case reviewed again by a different reviewer under the same
/// number, with a second letter beside the first.
/// </summary>
public abstract class RemandAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static JsonObject Order(string? orderDate, string? reference = "ADJ9876543") => new()
    {
        ["orderDate"] = orderDate,
        ["orderReference"] = reference,
    };

    [SkippableFact]
    public async Task Section_4610_6_i_a_reversed_determination_goes_to_a_different_reviewer_and_both_letters_stay()
    {
        var api = system.Host.Api;
        // Two reviewers of this test's own, so a different one is always there.
        for (var i = 0; i < 2; i++)
        {
            (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer($"rev-{Guid.NewGuid():N}"[..16])))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var determined = await api.RunSeedCaseToLetterAsync(system.StorageConnectionString, Patience);
        var caseNumber = determined["caseNumber"]!.GetValue<string>();
        var first = determined["reviewerId"]!.GetValue<string>();
        var mailedOn = determined["determination"]!["mailedOn"]!.GetValue<string>();
        using var firstLetter = await api.GetAsync($"cases/{caseNumber}/determination", "text/plain");
        var firstText = await firstLetter.Content.ReadAsStringAsync();
        var path = $"cases/{caseNumber}/remand";

        // Staff only.
        foreach (var caller in new[] { ImrCaller.Reviewer(first), ImrCaller.Auditor })
        {
            using var refused = await api.PostAsAsync(caller, path, ImrApi.Json(Order(mailedOn)));
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        // Each bad field named; an order dated before the determination's mailing is refused.
        using (var invalid = await api.PostAsync(new Uri(path, UriKind.Relative), ImrApi.Json(Order(null, reference: " "))))
        {
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await invalid.ProblemPathsAsync()).ShouldBe(["$.orderDate", "$.orderReference"], ignoreOrder: true);
        }

        var dayBefore = DateOnly.Parse(mailedOn, System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var early = await api.PostAsync(new Uri(path, UriKind.Relative), ImrApi.Json(Order(dayBefore))))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await early.ProblemPathsAsync()).ShouldBe(["$.orderDate"]);
        }

        using (var accepted = await api.PostAsync(new Uri(path, UriKind.Relative), ImrApi.Json(Order(mailedOn))))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
            var body = await accepted.ReadJsonAsync();
            body["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
            body["generation"]!.GetValue<int>().ShouldBe(2);
        }

        var review = await api.WaitForStateAsync(caseNumber, Patience, "UnderReview");
        var second = review["reviewerId"]!.GetValue<string>();
        second.ShouldNotBe(first, "a different reviewer (LC § 4610.6(i))");
        review["determination"].ShouldBeNull();
        var remand = review["remands"]!.AsArray().ShouldHaveSingleItem()!;
        remand["setAsideReviewerId"]!.GetValue<string>().ShouldBe(first);
        remand["orderReference"]!.GetValue<string>().ShouldBe("ADJ9876543");

        // A case not determined (this one, under its new review) is refused, saying why.
        using (var again = await api.PostAsync(new Uri(path, UriKind.Relative), ImrApi.Json(Order(mailedOn))))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await again.ProblemPathsAsync()).ShouldBe(["state"]);
        }

        // The new reviewer states no conflict before deciding, signed in, as any reviewer does.
        await api.StateNoConflictAsync(caseNumber, assignmentToken: null, ImrCaller.Reviewer(second));
        using (var decided = await api.PostAsAsync(ImrCaller.Reviewer(second), $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(second, decision: "Overturned"))))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        var redetermined = await api.WaitForStateAsync(caseNumber, Patience, "Determined");
        redetermined["reviewerId"]!.GetValue<string>().ShouldBe(second);
        redetermined["determination"]!["items"]![0]!["decision"]!.GetValue<string>().ShouldBe("Overturned");

        using var latest = await api.GetAsync($"cases/{caseNumber}/determination", "text/plain");
        latest.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await latest.Content.ReadAsStringAsync()).ShouldNotBe(firstText);
        using var original = await api.GetAsync($"cases/{caseNumber}/determination?generation=1", "text/plain");
        (await original.Content.ReadAsStringAsync()).ShouldBe(firstText, "the reversed letter stays as it was issued");

        using var audit = await api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        var entries = (await audit.ReadJsonAsync()).AsArray();
        entries.Single(e => e!["action"]!.GetValue<string>() == "Remanded")!["actor"]!.GetValue<string>().ShouldBe("staff");
        entries.Count(e => e!["action"]!.GetValue<string>() == "Determined").ShouldBe(2);
    }

    [SkippableFact]
    public async Task Section_4610_6_i_a_case_not_yet_determined_cannot_be_remanded()
    {
        var api = system.Host.Api;
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer($"rev-{Guid.NewGuid():N}"[..16])))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");

        using var refused = await api.PostAsync(new Uri($"cases/{caseNumber}/remand", UriKind.Relative), ImrApi.Json(Order("2026-01-05")));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.ReadProblemAsync();
        problem["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("only a Determined case can be remanded");
        (await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords"))["remands"].ShouldBeNull();
    }
}
