using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableAuditTrailTests(StorageFixture fixture)
{
    private readonly TableAuditTrail trail = new(fixture.Clients);

    [Fact]
    public async Task Appends_entries_reads_them_oldest_first_and_never_duplicates_a_retried_append()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        AuditEntry Entry(string id, int minutes, string action) => new()
        {
            Id = id,
            CaseNumber = caseNumber,
            Actor = "system",
            Action = action,
            At = Samples.Now.AddMinutes(minutes),
            Detail = "state Received -> Unassigned",
            PolicyVersion = "2026.1",
            WorkflowVersion = "1.0.0",
        };

        await trail.AppendAsync(Entry("orch-1/step-3", 30, "Assigned"));
        await trail.AppendAsync(Entry("orch-1/step-1", 0, "CaseAccepted"));
        await trail.AppendAsync(Entry("orch-1/step-2", 10, "Escalated"));
        await trail.AppendAsync(Entry("orch-1/step-1", 99, "Retried"));
        await trail.AppendAsync(Entry("other-case", 1, "CaseAccepted") with { CaseNumber = StorageFixture.NextCaseNumber() });

        var entries = await trail.ReadAsync(caseNumber);

        entries.Select(e => e.Action).ShouldBe(["CaseAccepted", "Escalated", "Assigned"]);
        entries[0].ShouldBe(Entry("orch-1/step-1", 0, "CaseAccepted"));
    }

    [Fact]
    public async Task Refuses_an_entry_without_id_actor_or_action()
    {
        var entry = new AuditEntry { Id = "x", CaseNumber = StorageFixture.NextCaseNumber(), Actor = "api", Action = "Submitted", At = Samples.Now };
        (await Should.ThrowAsync<ArgumentException>(() => trail.AppendAsync(entry with { Id = " " }))).Message.ShouldContain("AuditEntry.Id");
        (await Should.ThrowAsync<ArgumentException>(() => trail.AppendAsync(entry with { Actor = "" }))).Message.ShouldContain("AuditEntry.Actor");
        (await Should.ThrowAsync<ArgumentException>(() => trail.AppendAsync(entry with { Action = "" }))).Message.ShouldContain("AuditEntry.Action");
        (await trail.ReadAsync(entry.CaseNumber)).ShouldBeEmpty();
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableCaseNumberAllocatorTests(StorageFixture fixture)
{
    private readonly TableCaseNumberAllocator allocator = new(fixture.Clients);

    [Fact]
    public async Task Numbers_start_at_one_per_year_and_print_as_DWC_does()
    {
        (await allocator.AllocateAsync(13)).ToString().ShouldBe("CM13-0000001");
        (await allocator.AllocateAsync(13)).ToString().ShouldBe("CM13-0000002");
        (await allocator.AllocateAsync(14)).ToString().ShouldBe("CM14-0000001");
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => allocator.AllocateAsync(100));
    }

    [Fact]
    public async Task Fifty_concurrent_allocations_have_no_duplicate_and_no_gap()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => allocator.AllocateAsync(26)));

        numbers.Select(n => n.Year).ShouldAllBe(y => y == 26);
        numbers.Select(n => n.Sequence).Order().ShouldBe(Enumerable.Range(1, 50));
        (await allocator.AllocateAsync(26)).Sequence.ShouldBe(51);
    }

    [Fact]
    public async Task A_caller_whose_reply_was_lost_gets_its_own_number_not_the_next()
    {
        // The first allocation transaction succeeds on the server but its reply is lost; the SDK retries it and gets 412
        // because the counter already moved. The claim row must make the caller take that number, leaving no gap.
        var lossy = new LoseFirstReply("POST", "$batch");
        var lossyAllocator = new TableCaseNumberAllocator(StorageClients.Create(fixture.Options, extraPolicies: [lossy]));

        var number = await lossyAllocator.AllocateAsync(32);

        lossy.Fired.ShouldBeTrue();
        number.ToString().ShouldBe("CM32-0000001");
        (await allocator.AllocateAsync(32)).ToString().ShouldBe("CM32-0000002");
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableIdempotencyRecordsTests(StorageFixture fixture)
{
    private readonly TableIdempotencyRecords records = new(fixture.Clients);

    [Fact]
    public async Task The_first_claim_is_new_and_a_later_claim_returns_the_first()
    {
        var key = "client-request/" + Guid.NewGuid();
        var first = StorageFixture.NextCaseNumber();

        (await records.GetAsync(key)).ShouldBeNull();
        var claimed = await records.ClaimAsync(key, first, "hash-1");
        var again = await records.ClaimAsync(key, StorageFixture.NextCaseNumber(), "hash-2");

        claimed.ShouldBe(new IdempotencyClaim(key, first, "hash-1", IsNew: true));
        again.ShouldBe(new IdempotencyClaim(key, first, "hash-1", IsNew: false));
        (await records.GetAsync(key)).ShouldBe(new IdempotencyClaim(key, first, "hash-1", IsNew: false));
    }

    [Fact]
    public async Task A_claim_whose_reply_was_lost_is_still_new()
    {
        var lossy = new LoseFirstReply("POST", "/Idempotency");
        var lossyRecords = new TableIdempotencyRecords(StorageClients.Create(fixture.Options, extraPolicies: [lossy]));
        var caseNumber = StorageFixture.NextCaseNumber();

        var claim = await lossyRecords.ClaimAsync(Guid.NewGuid().ToString(), caseNumber, "h");

        lossy.Fired.ShouldBeTrue();
        claim.IsNew.ShouldBeTrue();
        claim.CaseNumber.ShouldBe(caseNumber);
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var key = Guid.NewGuid().ToString();
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => records.ClaimAsync(key, StorageFixture.NextCaseNumber(), "h")));

        claims.Count(c => c.IsNew).ShouldBe(1);
        claims.Select(c => c.CaseNumber).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Refuses_an_empty_or_overlong_key()
    {
        (await Should.ThrowAsync<ArgumentException>(() => records.ClaimAsync("", StorageFixture.NextCaseNumber(), "h"))).ParamName.ShouldBe("key");
        (await Should.ThrowAsync<ArgumentException>(() => records.GetAsync(new string('k', 513)))).Message.ShouldContain("at most 512");
    }
}
