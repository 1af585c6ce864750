using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// The routes of two statutory steps: conversion to an expedited review (8 CCR § 9792.10.4(c)) and the reviewer's per-case
/// conflict statement (LC § 139.5): who may call them, what they refuse and why, and what they do to a case.
/// </summary>
public abstract class StatutoryStepsAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static JsonObject Certification(string certifiedOn = "2026-01-05") => new()
    {
        ["certifiedBy"] = "NPI-2",
        ["certifiedOn"] = certifiedOn,
        ["statement"] = "The employee faces an imminent and serious threat to health; the supporting documentation is attached.",
    };

    [SkippableFact]
    public async Task Section_9792_10_4_c_expedite_takes_a_valid_certification_from_staff_once_and_refuses_closed_cases()
    {
        var api = system.Host.Api;
        var caseNumber = await AssignedCaseAsync(api);

        // Staff only: no session is 401, a reviewer or an auditor 403.
        using (var anonymous = await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/expedite", ImrApi.Json(Certification())))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        foreach (var caller in new[] { ImrCaller.Reviewer("rev-x"), ImrCaller.Auditor })
        {
            using var refused = await api.PostAsAsync(caller, $"cases/{caseNumber}/expedite", ImrApi.Json(Certification()));
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.ProblemPathsAsync()).ShouldBe(["role"]);
        }

        // Each bad field named: no physician, a date in the future, a statement with an invisible character.
        var bad = new JsonObject { ["certifiedOn"] = "2999-01-01", ["statement"] = "Imminent\u200B threat" };
        using (var invalid = await api.PostAsync(new Uri($"cases/{caseNumber}/expedite", UriKind.Relative), ImrApi.Json(bad)))
        {
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await invalid.ProblemPathsAsync()).ShouldBe(["$.certifiedBy", "$.certifiedOn", "$.statement"], ignoreOrder: true);
        }

        using (var unknown = await api.PostAsync(new Uri($"cases/{ImrApi.NewCaseNumber()}/expedite", UriKind.Relative), ImrApi.Json(Certification())))
        {
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var converted = await api.PostAsync(new Uri($"cases/{caseNumber}/expedite", UriKind.Relative), ImrApi.Json(Certification())))
        {
            converted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await converted.Content.ReadAsStringAsync());
        }

        var expedited = await WaitForAsync(api, caseNumber, c => c["priority"]!.GetValue<string>() == "Expedited");
        expedited["expeditedAt"].ShouldNotBeNull();
        var expeditedAt = DateTimeOffset.Parse(expedited["expeditedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset.Parse(expedited["deadlines"]!["recordsDue"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeLessThanOrEqualTo(expeditedAt.AddHours(24), "records within 24 hours (8 CCR § 9792.10.5(a)(1))");

        // Already expedited: 409 with the reason.
        using (var again = await api.PostAsync(new Uri($"cases/{caseNumber}/expedite", UriKind.Relative), ImrApi.Json(Certification())))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = await again.ReadProblemAsync();
            problem["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("converted to an expedited review");
        }

        using var audit = await api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        var actions = (await audit.ReadJsonAsync()).AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.Count(a => a == "ConvertedToExpedited").ShouldBe(1);

        // A closed case: 409 naming its state.
        (await api.PostAsync(new Uri($"cases/{caseNumber}/withdraw", UriKind.Relative), ImrApi.Json(new JsonObject { ["reason"] = "Test withdrawal" })))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "Terminated");
        using (var closed = await api.PostAsync(new Uri($"cases/{caseNumber}/expedite", UriKind.Relative), ImrApi.Json(Certification())))
        {
            closed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await closed.ReadProblemAsync())["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("Terminated");
        }
    }

    [SkippableFact]
    public async Task Section_139_5_the_conflict_statement_opens_the_decision_and_a_decline_sends_the_case_to_another_reviewer()
    {
        var api = system.Host.Api;
        var caseNumber = await AssignedCaseAsync(api, reviewers: 2);
        var first = (await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords"))["reviewerId"]!.GetValue<string>();
        var asFirst = ImrCaller.Reviewer(first);
        var path = $"cases/{caseNumber}/conflict-statement";

        // The reviewer's route: staff and auditors are refused by role; another reviewer is not the one assigned.
        foreach (var caller in new[] { ImrCaller.Staff, ImrCaller.Auditor })
        {
            using var refused = await api.PostAsAsync(caller, path, ImrApi.Json(new JsonObject { ["noConflict"] = true }));
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var stranger = await api.PostAsAsync(ImrCaller.Reviewer("rev-stranger"), path, ImrApi.Json(new JsonObject { ["noConflict"] = true })))
        {
            stranger.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await stranger.ProblemPathsAsync()).ShouldBe(["$.reviewerId"]);
        }

        using (var noSession = await api.PostAsAsync(ImrCaller.None, path, ImrApi.Json(new JsonObject { ["noConflict"] = true })))
        {
            noSession.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await noSession.ProblemPathsAsync()).ShouldBe(["$.assignmentToken"]);
        }

        // Each bad body names its field.
        foreach (var (body, field) in new[]
        {
            (new JsonObject(), "$.noConflict"),
            (new JsonObject { ["noConflict"] = false }, "$.reason"),
            (new JsonObject { ["noConflict"] = true, ["reason"] = "none" }, "$.reason"),
            (new JsonObject { ["noConflict"] = false, ["reason"] = "line\u202Ebreak" }, "$.reason"),
        })
        {
            using var invalid = await api.PostAsAsync(asFirst, path, ImrApi.Json(body));
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body.ToJsonString());
            (await invalid.ProblemPathsAsync()).ShouldBe([field]);
        }

        // The first reviewer declines; the case goes to another one.
        using (var declined = await api.PostAsAsync(asFirst, path, ImrApi.Json(new JsonObject { ["noConflict"] = false, ["reason"] = "Consulted for the employer" })))
        {
            declined.StatusCode.ShouldBe(HttpStatusCode.Accepted, await declined.Content.ReadAsStringAsync());
        }

        var reassigned = await WaitForAsync(api, caseNumber, c => c["reviewerId"] is JsonValue r && r.GetValue<string>() != first && c["state"]!.GetValue<string>() == "AwaitingRecords");
        var second = reassigned["reviewerId"]!.GetValue<string>();
        using (var decliner = await api.PostAsAsync(asFirst, path, ImrApi.Json(new JsonObject { ["noConflict"] = true })))
        {
            decliner.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the decliner no longer has the case");
        }

        // Until the new reviewer states, the decision answers 409 saying so.
        (await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "UnderReview");
        var asSecond = ImrCaller.Reviewer(second);
        using (var early = await api.PostAsAsync(asSecond, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(second))))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await early.ProblemPathsAsync()).ShouldBe(["conflictStatement"]);
        }

        await api.StateNoConflictAsync(caseNumber, assignmentToken: null, asSecond);
        using (var twice = await api.PostAsAsync(asSecond, path, ImrApi.Json(new JsonObject { ["noConflict"] = true })))
        {
            twice.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a statement is given once per assignment");
        }

        using (var decided = await api.PostAsAsync(asSecond, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(second))))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        (await api.WaitForStateAsync(caseNumber, Patience, "Determined"))["reviewerId"]!.GetValue<string>().ShouldBe(second);
        using (var determined = await api.PostAsync(new Uri($"cases/{caseNumber}/expedite", UriKind.Relative), ImrApi.Json(Certification())))
        {
            determined.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await determined.ReadProblemAsync())["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("determined");
        }

        using var audit = await api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        var actions = (await audit.ReadJsonAsync()).AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.ShouldContain("ConflictDeclared");
        actions.ShouldContain("NoConflictStated");
    }

    private static async Task<string> AssignedCaseAsync(HttpClient api, int reviewers = 1)
    {
        for (var i = 0; i < reviewers; i++)
        {
            var id = $"rev-{Guid.NewGuid():N}"[..16];
            (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(id)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");
        return caseNumber;
    }

    private static async Task<JsonNode> WaitForAsync(HttpClient api, string caseNumber, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await api.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK && condition(last = await response.ReadJsonAsync()))
            {
                return last;
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"Case {caseNumber} never matched; last seen: {last?.ToJsonString()}");
    }
}
