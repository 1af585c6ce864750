namespace Imr.Storage.Tests;

/// <summary>The consolidation register (8 CCR § 9792.10.4(a)) on real table storage: one carrier per key, repeats and races.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableConsolidationRegisterTests(StorageFixture fixture)
{
    private readonly TableConsolidationRegister register = new(fixture.Clients);

    [Fact]
    public async Task The_first_application_carries_later_ones_join_it_until_its_review_starts()
    {
        var key = $"EE-{Guid.NewGuid():N}|NPI-1|2025-01-02|Standard";
        var (carrier, second, third, late) = (StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber());

        (await register.JoinOrOpenAsync(key, carrier)).ShouldBe(carrier);
        (await register.JoinOrOpenAsync(key, second)).ShouldBe(carrier);
        (await register.JoinOrOpenAsync(key, third)).ShouldBe(carrier);
        // A retried activity repeats its call: the same answer, and no second entry.
        (await register.JoinOrOpenAsync(key, second)).ShouldBe(carrier);
        (await register.JoinOrOpenAsync($"{key}-other", late)).ShouldBe(late, "another key is another case");

        (await register.CloseAsync(key, carrier)).ShouldBe([second, third]);
        (await register.CloseAsync(key, carrier)).ShouldBe([second, third], "a repeated close returns the same list");

        // After the carrier's review started, the next application carries the next consolidation; earlier answers hold.
        var next = StorageFixture.NextCaseNumber();
        (await register.JoinOrOpenAsync(key, next)).ShouldBe(next);
        (await register.JoinOrOpenAsync(key, second)).ShouldBe(carrier);
        (await register.JoinOrOpenAsync(key, carrier)).ShouldBe(carrier);
        (await register.CloseAsync(key, next)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Applications_racing_for_one_key_get_one_carrier_and_every_one_is_in_its_list()
    {
        var key = $"EE-{Guid.NewGuid():N}|NPI-1|2025-01-02|Standard";
        var applications = Enumerable.Range(0, 8).Select(_ => StorageFixture.NextCaseNumber()).ToList();

        var carriers = await Task.WhenAll(applications.Select(a => register.JoinOrOpenAsync(key, a)));

        var carrier = carriers.Distinct().ShouldHaveSingleItem();
        (await register.CloseAsync(key, carrier)).ShouldBe(applications.Where(a => a != carrier), ignoreOrder: true);
    }

    [Fact]
    public async Task Section_9792_10_4_a_a_carrier_withdrawn_before_its_review_hands_its_applications_to_the_first_joined()
    {
        var key = $"EE-{Guid.NewGuid():N}|NPI-1|2025-01-02|Standard";
        var (carrier, second, third) = (StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber());
        await register.JoinOrOpenAsync(key, carrier);
        await register.JoinOrOpenAsync(key, second);
        await register.JoinOrOpenAsync(key, third);

        (await register.HandOverAsync(key, carrier)).ShouldBe([second, third]);
        (await register.HandOverAsync(key, carrier)).ShouldBe([second, third], "a repeated hand-over returns the same list");

        // The first joined carries: its own run registering again finds itself, the others find it, later ones join it.
        (await register.JoinOrOpenAsync(key, second)).ShouldBe(second);
        (await register.JoinOrOpenAsync(key, third)).ShouldBe(second);
        var later = StorageFixture.NextCaseNumber();
        (await register.JoinOrOpenAsync(key, later)).ShouldBe(second);
        (await register.CloseAsync(key, carrier)).ShouldBeEmpty("the withdrawn carrier takes none of them into a review");
        (await register.CloseAsync(key, second)).ShouldBe([third, later]);
    }

    [Fact]
    public async Task Section_9792_10_4_a_a_carrier_whose_review_started_or_that_carries_nothing_hands_nothing_over()
    {
        var key = $"EE-{Guid.NewGuid():N}|NPI-1|2025-01-02|Standard";
        var (carrier, second, alone) = (StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber());
        await register.JoinOrOpenAsync(key, carrier);
        await register.JoinOrOpenAsync(key, second);
        (await register.CloseAsync(key, carrier)).ShouldBe([second]);

        (await register.HandOverAsync(key, carrier)).ShouldBeEmpty("the joined application is in the carrier's review");
        (await register.JoinOrOpenAsync($"{key}-alone", alone)).ShouldBe(alone);
        (await register.HandOverAsync($"{key}-alone", alone)).ShouldBeEmpty();
        (await register.HandOverAsync($"{key}-never", StorageFixture.NextCaseNumber())).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_case_that_never_registered_closes_with_nothing_joined()
    {
        (await register.CloseAsync($"EE-{Guid.NewGuid():N}|NPI-1|2025-01-02|Standard", StorageFixture.NextCaseNumber())).ShouldBeEmpty();
    }
}
