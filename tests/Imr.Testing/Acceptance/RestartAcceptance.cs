using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// A host killed with kill -9, then started again: its cases carry on from where they were, with one letter and no audit entry
/// twice (the durable engine on Azurite; the hosts lower the queue visibility timeout so recovery is quick).
/// </summary>
public abstract class RestartAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task A_case_killed_mid_review_finishes_after_a_restart_with_one_letter_and_no_audit_entry_twice()
    {
        // Real statutory time here: nothing may fall due while the host is down.
        await using var host = await system.StartHostAsync("restarthub", secondsPerDay: null);
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await host.Api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");
        reviewerId = assigned["reviewerId"]!.GetValue<string>();
        (await host.Api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.Api.WaitForStateAsync(caseNumber, Patience, "UnderReview");

        host.Kill();
        await host.RestartAsync();

        // The decision goes to the restarted host, which must still hold the case.
        (await host.Api.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var decision = await ImrApi.Decision(reviewerId).WithTokenAsync(system.StorageConnectionString, caseNumber);
        await host.Api.StateNoConflictAsync(caseNumber, decision["assignmentToken"]!.GetValue<string>());
        using (var decided = await host.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision)))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        try
        {
            await host.Api.WaitForStateAsync(caseNumber, Patience, "Determined");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nThe host after the restart said:\n{host.Output}", ex);
        }

        using var pdf = await host.Api.GetAsync($"cases/{caseNumber}/determination", "application/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await pdf.Content.ReadAsByteArrayAsync()).AsSpan(0, 4).SequenceEqual("%PDF"u8).ShouldBeTrue();

        IReadOnlyList<JsonNode> notices = [];
        for (var read = 0; read < 10 && !notices.Any(n => n["kind"]!.GetValue<string>() == "Determination"); read++)
        {
            notices = await ImrApi.NoticesAsync(system.StorageConnectionString, caseNumber);
        }

        // One determination, whatever was redelivered: notices are sent at least once, each under its step's fixed id, one
        // id per addressee (the AD and each party, LC § 4610.6(h)).
        var served = notices.Where(n => n["kind"]!.GetValue<string>() == "Determination").ToList();
        served.GroupBy(n => n["recipient"]!.GetValue<string>())
            .ShouldAllBe(g => g.Select(n => n["id"]!.GetValue<string>()).Distinct().Count() == 1, string.Join("\n", notices.Select(n => n.ToJsonString())));
        served.Select(n => n["id"]!.GetValue<string>()).Distinct().Count()
            .ShouldBe(served.Select(n => n["recipient"]!.GetValue<string>()).Distinct().Count());
        using var auditResponse = await host.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        var audit = (await auditResponse.ReadJsonAsync()).AsArray().Select(e => e!).ToList();
        audit.Select(e => e["id"]!.GetValue<string>()).ShouldBeUnique();
        audit.Count(e => e["action"]!.GetValue<string>() == "Determined").ShouldBe(1, string.Join(", ", audit.Select(e => e["action"])));
    }

    [SkippableFact]
    public async Task A_submission_killed_before_assignment_is_assigned_after_a_restart()
    {
        await using var host = await system.StartHostAsync("restarthub2", secondsPerDay: null);
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        var caseNumber = ImrApi.NewCaseNumber();
        (await host.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // Straight after the 202: the orchestration's first work items are queued or in flight.
        host.Kill();
        await host.RestartAsync();

        var assigned = await host.Api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "Unassigned");
        assigned["state"]!.GetValue<string>().ShouldBe("AwaitingRecords");
    }
}
