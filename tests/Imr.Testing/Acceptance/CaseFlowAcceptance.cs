using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using UglyToad.PdfPig;

namespace Imr.Testing.Acceptance;

/// <summary>A case from submission to the downloaded PDF letter through the HTTP API, the keys that guard it, and escalation.</summary>
public abstract class CaseFlowAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task A_case_runs_from_submission_to_the_downloaded_pdf_letter()
    {
        var api = system.Host.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        using (var created = await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId))))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            (await created.ReadJsonAsync())["id"]!.GetValue<string>().ShouldBe(reviewerId);
        }

        var caseNumber = ImrApi.NewCaseNumber();
        using (var submitted = await api.SubmitAsync(ImrApi.SeedCase(caseNumber)))
        {
            submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
            var body = await submitted.ReadJsonAsync();
            body["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
            body["instanceId"]!.GetValue<string>().ShouldBe($"case-{caseNumber}");
        }

        var assigned = await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "Unassigned");
        assigned["state"]!.GetValue<string>().ShouldBe("AwaitingRecords", system.Host.Output);
        var assignedTo = assigned["reviewerId"]!.GetValue<string>();
        assigned["deadlines"]!["recordsDue"].ShouldNotBeNull();

        using (var eligibility = await api.GetAsync(new Uri($"reviewers/{assignedTo}/eligibility?case={caseNumber}", UriKind.Relative)))
        {
            eligibility.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await eligibility.ReadJsonAsync())["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
        }

        using (var record = await api.PutAsync(
            new Uri($"cases/{caseNumber}/records/pr2-2013-10.pdf", UriKind.Relative),
            new ByteArrayContent("%PDF-1.4 progress report placeholder"u8.ToArray())))
        {
            record.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var complete = await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null))
        {
            complete.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var underReview = await api.WaitForStateAsync(caseNumber, Patience, "UnderReview");
        underReview["deadlines"]!["determinationDue"].ShouldNotBeNull();

        using (var notYet = await api.GetAsync($"cases/{caseNumber}/determination", "application/pdf"))
        {
            notYet.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var withToken = await ImrApi.Decision(assignedTo).WithTokenAsync(system.StorageConnectionString, caseNumber);
        await api.StateNoConflictAsync(caseNumber, withToken["assignmentToken"]!.GetValue<string>());
        using (var decided = await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(withToken)))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        var determined = await api.WaitForStateAsync(caseNumber, Patience, "Determined");
        determined["determination"]!["items"]![0]!["decision"]!.GetValue<string>().ShouldBe("Upheld");

        using var pdf = await api.GetAsync($"cases/{caseNumber}/determination", "application/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        using (var document = PdfDocument.Open(bytes))
        {
            var text = string.Join("\n", document.GetPages().Select(p => p.Text));
            text.ShouldContain(caseNumber);
        }

        using var letter = await api.GetAsync($"cases/{caseNumber}/determination", "text/plain");
        letter.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await letter.Content.ReadAsStringAsync()).ShouldContain("Technician bone scan total spine");

        // Decided once: a second, different decision is a conflict.
        using (var again = await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(ImrApi.Decision(assignedTo, decision: "Overturned"))))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        using var audit = await api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        var actions = (await audit.ReadJsonAsync()).AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.ShouldContain("CaseSubmitted");
        actions.ShouldContain("Assigned");
        actions.Last().ShouldNotBeNull();

        var notices = await ImrApi.NoticesAsync(system.StorageConnectionString, caseNumber);
        notices.ShouldContain(n => n["kind"]!.GetValue<string>() == "Determination");
        notices.ShouldAllBe(n => !n.ToJsonString().Contains("bone scan", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task Calls_without_a_signed_in_caller_are_refused_by_role_not_by_a_function_key()
    {
        // Neither host asks for a function key on the API (a browser's session carries none): health is open, a submission
        // without a signed-in caller is 401, and a decision is open to the holder of a notice's token (this case does not exist).
        using var health = await system.Host.Anonymous.GetAsync(new Uri("health", UriKind.Relative));
        using var submit = await system.Host.Anonymous.SubmitAsync(ImrApi.SeedCase(ImrApi.NewCaseNumber()));
        using var decide = await system.Host.Anonymous.PostAsAsync(ImrCaller.None, $"cases/{ImrApi.NewCaseNumber()}/decision", ImrApi.Json(ImrApi.Decision("rev-x")));

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        submit.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        decide.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_case_whose_records_do_not_arrive_is_escalated_and_the_claims_administrator_notified()
    {
        // A host of its own where a statutory day passes in one second, so the records deadline's escalation point comes
        // within seconds.
        await using var fast = await system.StartHostAsync("escalationhub", secondsPerDay: 1);
        var caseNumber = ImrApi.NewCaseNumber();
        using (var submitted = await fast.Api.SubmitAsync(ImrApi.SeedCase(caseNumber)))
        {
            submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonNode view;
        do
        {
            await Task.Delay(500);
            view = await fast.Api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "UnderReview", "Unassigned");
        }
        while (view["escalationLevel"]!.GetValue<int>() < 1 && DateTime.UtcNow < deadline);

        view["escalationLevel"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1, view.ToJsonString());
        // The escalation's activity writes the level first and its audit entry after: give the entry a moment.
        var escalated = false;
        for (var i = 0; i < 50 && !escalated; i++)
        {
            using var audit = await fast.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
            escalated = (await audit.ReadJsonAsync()).AsArray().Any(e => e!["action"]!.GetValue<string>() == "Escalated");
            if (!escalated)
            {
                await Task.Delay(200);
            }
        }

        escalated.ShouldBeTrue("an Escalated audit entry");
        (await ImrApi.NoticesAsync(system.StorageConnectionString, caseNumber)).ShouldContain(n => n["kind"]!.GetValue<string>() == "Escalation");
    }
}
