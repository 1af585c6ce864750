using System.Net;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// Imr.Local killed with kill -9 in the middle of a review, then started again: the case carries on from where it was
/// (Azure Storage engine on Azurite; the queue visibility timeout is lowered to 15 s so recovery is quick).
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class RestartTests(LocalSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_case_killed_mid_review_finishes_after_a_restart()
    {
        // Real statutory time here: nothing may fall due while the host is down.
        const string hub = "restarthub";
        var local = await LocalProcess.StartAsync(system.Azurite.ConnectionString, hub);
        var port = local.Port;
        string caseNumber;
        string reviewerId;
        try
        {
            reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
            (await local.Client.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
            caseNumber = ImrApi.NewCaseNumber();
            (await local.Client.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var assigned = await local.Client.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");
            reviewerId = assigned["reviewerId"]!.GetValue<string>();
            (await local.Client.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await local.Client.WaitForStateAsync(caseNumber, Patience, "UnderReview");
        }
        finally
        {
            local.Kill();
            await local.DisposeAsync();
        }

        // Accepted while the engine is down? No: the decision goes to the restarted host, which must still hold the case.
        await using var restarted = await LocalProcess.StartAsync(system.Azurite.ConnectionString, hub, port: port);
        (await restarted.Client.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var decision = await ImrApi.Decision(reviewerId).WithTokenAsync(system.Azurite.ConnectionString, caseNumber);
        using (var decided = await restarted.Client.PostAsync(new Uri($"cases/{caseNumber}/decision", UriKind.Relative), ImrApi.Json(decision)))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Accepted, await decided.Content.ReadAsStringAsync());
        }

        try
        {
            await restarted.Client.WaitForStateAsync(caseNumber, Patience, "Determined");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nImr.Local after the restart said:\n{restarted.Output}", ex);
        }
        using var pdf = await restarted.Client.GetAsync($"cases/{caseNumber}/determination", "application/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await pdf.Content.ReadAsByteArrayAsync()).AsSpan(0, 4).SequenceEqual("%PDF"u8).ShouldBeTrue();
    }

    [Fact]
    public async Task A_submission_killed_before_assignment_is_assigned_after_a_restart()
    {
        const string hub = "restarthub2";
        var local = await LocalProcess.StartAsync(system.Azurite.ConnectionString, hub);
        var port = local.Port;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        var caseNumber = ImrApi.NewCaseNumber();
        try
        {
            (await local.Client.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
            (await local.Client.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        finally
        {
            // Straight after the 202: the orchestration's first work items are queued or in flight.
            local.Kill();
            await local.DisposeAsync();
        }

        await using var restarted = await LocalProcess.StartAsync(system.Azurite.ConnectionString, hub, port: port);
        var assigned = await restarted.Client.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "Unassigned");
        assigned["state"]!.GetValue<string>().ShouldBe("AwaitingRecords");
    }
}
