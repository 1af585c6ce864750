using Imr.Domain.Cases;
using Imr.Workflow.Application;

namespace Imr.Storage.Tests;

/// <summary>GET /cases's query parameters are checked in the application layer, over the real case index.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CaseListQueryTests(StorageFixture fixture)
{
    private static readonly string[] AllParameters = ["state", "dueBefore", "pageSize", "continuationToken"];

    private readonly CaseQueries queries = new(new TableCaseIndex(fixture.Clients), new TableAuditTrail(fixture.Clients), new BlobDeterminationStore(fixture.Clients), TimeProvider.System);

    [Fact]
    public async Task Its_continuation_tokens_page_through_the_listing_and_a_garbled_made_up_or_foreign_one_is_a_400()
    {
        // Three cases due long ago, so this filter lists exactly them, one to a page.
        var dueBefore = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ours = new List<CaseNumber>();
        for (var i = 0; i < 3; i++)
        {
            var caseNumber = StorageFixture.NextCaseNumber();
            ours.Add(caseNumber);
            await new TableCaseIndex(fixture.Clients).TryCreateAsync(
                Samples.Case(caseNumber, CaseState.Unassigned, new Imr.Domain.Clock.CaseDeadlines { RecordsReminder = dueBefore.AddDays(-i - 1) }));
        }

        const string due = "1980-01-01T00:00:00Z";
        var listed = new List<string>();
        string? token = null;
        string? firstToken = null;
        do
        {
            var page = await queries.ListAsync("Unassigned", due, "1", token, AllParameters);
            page.Status.ShouldBe(OutcomeStatus.Ok);
            listed.AddRange(page.Value!.Cases.Select(c => c.CaseNumber));
            token = page.Value.ContinuationToken;
            firstToken ??= token;
        }
        while (token is not null && listed.Count < 10);

        listed.ShouldBe(ours.Select(n => n.ToString()), ignoreOrder: true);
        firstToken.ShouldNotBeNull();

        var tampered = firstToken[..^2] + (firstToken[^2] == 'A' ? "B" : "A") + firstToken[^1];
        foreach (var bad in new[] { "garbage", "", "c1.AAAA.AAAA", "1!28!UGFydGl0aW9uS2V5", tampered, firstToken + "x" })
        {
            var outcome = await queries.ListAsync("Unassigned", due, "1", bad);
            outcome.Status.ShouldBe(OutcomeStatus.BadRequest, bad);
            outcome.Problems.ShouldHaveSingleItem().Path.ShouldBe("continuationToken");
        }

        // A token belongs to its listing: with another state or dueBefore it is refused, not applied to that listing.
        (await queries.ListAsync("Received", due, "1", firstToken)).Problems.ShouldHaveSingleItem().Path.ShouldBe("continuationToken");
        (await queries.ListAsync("Unassigned", "1980-01-02", "1", firstToken)).Problems.ShouldHaveSingleItem().Path.ShouldBe("continuationToken");
        (await queries.ListAsync("Unassigned", due, "50", firstToken)).Status.ShouldBe(OutcomeStatus.Ok, "the page size may change between pages");
    }

    [Theory]
    [InlineData("", null, null, "state")]
    [InlineData("Closed", null, null, "state")]
    [InlineData("1", null, null, "state")]
    [InlineData("Received,Rejected", null, null, "state")]
    [InlineData("UnderReview ", null, null, "state")]
    [InlineData(null, "", null, "dueBefore")]
    [InlineData(null, "tomorrow", null, "dueBefore")]
    [InlineData(null, "12/01/2026", null, "dueBefore")]
    [InlineData(null, "2026-02-30", null, "dueBefore")]
    [InlineData(null, null, "", "pageSize")]
    [InlineData(null, null, "0", "pageSize")]
    [InlineData(null, null, "1001", "pageSize")]
    [InlineData(null, null, " 5", "pageSize")]
    [InlineData(null, null, "+5", "pageSize")]
    [InlineData(null, null, "5.0", "pageSize")]
    public async Task A_bad_parameter_is_a_400_naming_it(string? state, string? dueBefore, string? pageSize, string parameter)
    {
        var outcome = await queries.ListAsync(state, dueBefore, pageSize, continuationToken: null, AllParameters);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        outcome.Problems.ShouldHaveSingleItem().Path.ShouldBe(parameter);
    }

    [Theory]
    [InlineData("underreview", null, null)]
    [InlineData(null, "2026-12-01", "1000")]
    [InlineData(null, "2026-12-01T08:00:00-08:00", "1")]
    [InlineData(null, "2026-12-01T08:00Z", null)]
    public async Task Good_parameters_list(string? state, string? dueBefore, string? pageSize) =>
        (await queries.ListAsync(state, dueBefore, pageSize, continuationToken: null, AllParameters)).Status.ShouldBe(OutcomeStatus.Ok);

    [Fact]
    public async Task An_unknown_parameter_is_a_400_naming_it_rather_than_a_filter_silently_not_applied()
    {
        var outcome = await queries.ListAsync(null, null, null, null, ["stat", "pageSize"]);

        outcome.Problems.ShouldHaveSingleItem().Path.ShouldBe("stat");
    }
}
