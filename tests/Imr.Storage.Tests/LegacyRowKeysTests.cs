using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage.Tests;

/// <summary>Rows of the earlier layout (one RowKey for a whole table) are moved at start-up and nothing of them is lost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LegacyRowKeysTests(StorageFixture fixture)
{
    private TableClient Cases => fixture.Clients.Tables.GetTableClient(StorageNames.CasesTable);

    private TableClient Idempotency => fixture.Clients.Tables.GetTableClient(StorageNames.IdempotencyTable);

    [Fact]
    public async Task Start_up_moves_case_rows_and_claims_of_the_earlier_layout_so_they_are_read_and_claimed_as_before()
    {
        var index = new TableCaseIndex(fixture.Clients);
        var records = new TableIdempotencyRecords(fixture.Clients);
        var caseNumber = StorageFixture.NextCaseNumber();
        var @case = Samples.Case(caseNumber, CaseState.UnderReview);
        (await index.TryCreateAsync(@case)).ShouldBeTrue();
        var key = $"client-{Guid.NewGuid():N}";
        (await records.ClaimAsync(key, caseNumber, "hash-1")).IsNew.ShouldBeTrue();

        // Put both rows back where the earlier layout kept them.
        await ToLegacyAsync(Cases, caseNumber.ToString(), CaseEntity.LegacyRowKey);
        await ToLegacyAsync(Idempotency, TableKeys.Encode(key), TableIdempotencyRecords.LegacyRowKey);
        (await index.GetAsync(caseNumber)).ShouldBeNull("the current code reads only the current key");
        (await records.GetAsync(key)).ShouldBeNull();

        await ForgetEarlierPassAsync();
        var report = await new StorageInitializer(fixture.Clients).EnsureCreatedAsync();

        report.Moved.ShouldBeGreaterThanOrEqualTo(2);
        report.Conflicts.ShouldBeEmpty();
        index = new TableCaseIndex(fixture.Clients);
        var moved = await index.GetAsync(caseNumber);
        moved.ShouldNotBeNull();
        moved.Case.State.ShouldBe(CaseState.UnderReview);
        moved.Case.Items.ShouldBe(@case.Items);
        moved.Case.Deadlines.ShouldBe(@case.Deadlines);
        (await index.UpdateAsync(caseNumber, c => c with { EscalationLevel = 1 })).EscalationLevel.ShouldBe(1);
        var again = await records.ClaimAsync(key, StorageFixture.NextCaseNumber(), "hash-2");
        again.IsNew.ShouldBeFalse("a key claimed under the earlier layout stays claimed");
        again.CaseNumber.ShouldBe(caseNumber);
        again.ContentHash.ShouldBe("hash-1");
        (await Cases.GetEntityIfExistsAsync<TableEntity>(caseNumber.ToString(), CaseEntity.LegacyRowKey)).HasValue.ShouldBeFalse();
        (await Idempotency.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(key), TableIdempotencyRecords.LegacyRowKey)).HasValue.ShouldBeFalse();

        // The complete pass left its marker: the next start-up reads one row instead of scanning both tables.
        var before = fixture.Clients.Counter.Snapshot();
        (await LegacyRowKeys.MoveAsync(fixture.Clients)).Skipped.ShouldBeTrue();
        fixture.Clients.Counter.Snapshot().Since(before).Total.ShouldBe(1);
    }

    [Fact]
    public async Task A_partition_with_a_row_under_both_keys_is_left_as_it_is_and_reported_and_the_next_start_looks_again()
    {
        var index = new TableCaseIndex(fixture.Clients);
        var caseNumber = StorageFixture.NextCaseNumber();
        (await index.TryCreateAsync(Samples.Case(caseNumber))).ShouldBeTrue();
        var current = (await Cases.GetEntityAsync<TableEntity>(caseNumber.ToString(), caseNumber.ToString())).Value;
        await Cases.AddEntityAsync(LegacyRowKeys.CopyUnder(current, CaseEntity.LegacyRowKey));
        try
        {
            await ForgetEarlierPassAsync();
            var report = await LegacyRowKeys.MoveAsync(fixture.Clients);

            report.Conflicts.ShouldBe([$"{StorageNames.CasesTable}/{caseNumber}"]);
            (await index.GetAsync(caseNumber)).ShouldNotBeNull("the current row is left as it was");
            (await Cases.GetEntityIfExistsAsync<TableEntity>(caseNumber.ToString(), CaseEntity.LegacyRowKey)).HasValue.ShouldBeTrue("so is the earlier one");
            (await Idempotency.GetEntityIfExistsAsync<TableEntity>(LegacyRowKeys.MarkerKey, LegacyRowKeys.MarkerKey)).HasValue
                .ShouldBeFalse("no marker, so the next start-up looks again");
        }
        finally
        {
            // Other tests in this collection run the initializer on the same account.
            await Cases.DeleteEntityAsync(caseNumber.ToString(), CaseEntity.LegacyRowKey);
            (await LegacyRowKeys.MoveAsync(fixture.Clients)).Conflicts.ShouldBeEmpty();
        }
    }

    private async Task ForgetEarlierPassAsync() =>
        await Idempotency.DeleteEntityAsync(LegacyRowKeys.MarkerKey, LegacyRowKeys.MarkerKey, ETag.All);

    private static async Task ToLegacyAsync(TableClient table, string partitionKey, string legacyRowKey)
    {
        var current = (await table.GetEntityAsync<TableEntity>(partitionKey, partitionKey)).Value;
        await table.AddEntityAsync(LegacyRowKeys.CopyUnder(current, legacyRowKey));
        await table.DeleteEntityAsync(partitionKey, partitionKey, ETag.All);
    }
}
