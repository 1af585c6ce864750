using System.Text.Json;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Storage;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Workflow.Tests;

/// <summary>A reviewer row broken in the table costs that reviewer, not the specialty; the API names it and can repair it.</summary>
public sealed class BrokenReviewerRowTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task A_case_is_assigned_past_a_reviewer_row_that_cannot_be_read_and_a_put_repairs_the_row()
    {
        var broken = await AddReviewerAsync("broken");
        var sound = await AddReviewerAsync("sound");
        await BreakAsync(broken.Id, "Affiliations", "null");

        await StartAsync(await StoredCaseAsync(CaseFileJson(), Calm));

        var awaiting = await WaitForStatusAsync(s => s.State == CaseState.AwaitingRecords);
        awaiting.ReviewerId.ShouldBe(sound.Id);

        var registration = new ReviewerRegistration(Port<IReviewerRegistry>(), Port<ICaseIndex>(), Port<ICaseFileStore>(), TimeProvider.System, NullLogger<ReviewerRegistration>.Instance);
        var get = await registration.GetAsync(broken.Id);
        get.Status.ShouldBe(OutcomeStatus.Conflict);
        get.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.affiliations");
        (await registration.EligibilityAsync(broken.Id, CaseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Conflict);

        var profile = JsonSerializer.SerializeToUtf8Bytes(broken with { Id = broken.Id }, ApplicationJson.Options);
        var put = await registration.UpdateAsync(broken.Id, profile);
        put.Status.ShouldBe(OutcomeStatus.Ok);
        (await registration.GetAsync(broken.Id)).Value!.Affiliations.ShouldBeEmpty();
        (await registration.EligibilityAsync(broken.Id, CaseNumber.ToString())).Status.ShouldBe(OutcomeStatus.Ok);
    }

    // What a fault or a hand edit can leave in the table: one column of the profile row replaced as it is. The test's ids
    // are key-safe, so their partition is "reviewer|k-{id}" (docs/storage.md).
    private async Task BreakAsync(string reviewerId, string column, string stored) =>
        await Port<StorageClients>().Tables.GetTableClient(StorageNames.ReviewersTable).UpdateEntityAsync(
            new TableEntity("reviewer|k-" + reviewerId, "profile") { [column] = stored },
            Azure.ETag.All,
            TableUpdateMode.Merge);
}
