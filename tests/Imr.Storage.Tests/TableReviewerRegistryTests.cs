using Imr.Domain.Cases;
using Imr.Domain.Reviewers;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableReviewerRegistryTests(StorageFixture fixture)
{
    private readonly TableReviewerRegistry registry = new(fixture.Clients);

    private static string NewId() => "rev-" + Guid.NewGuid().ToString("N")[..12];

    private static string NewSpecialty(string name) => $"{name} {Guid.NewGuid():N}";

    [Fact]
    public async Task Creates_reads_and_updates_a_profile_keeping_the_counted_load()
    {
        var id = NewId();
        var reviewer = Samples.Reviewer(id, "Orthopedic Surgery");

        (await registry.TryCreateAsync(reviewer)).ShouldBeTrue();
        (await registry.TryCreateAsync(reviewer with { Name = "someone else" })).ShouldBeFalse();
        (await registry.RecordAssignmentAsync(id, StorageFixture.NextCaseNumber(), 1)).ShouldBeTrue();

        var read = await registry.GetAsync(id);
        read.ShouldNotBeNull();
        read.Name.ShouldBe(reviewer.Name);
        read.Licenses.ShouldBe(reviewer.Licenses);
        read.Certifications.ShouldBe(reviewer.Certifications);
        read.Affiliations.ShouldBe(reviewer.Affiliations);
        read.YearsInActivePractice.ShouldBe(12.5m);
        read.ClinicalHoursPerWeek.ShouldBe(30m);
        read.Capacity.ShouldBe(100);
        read.Status.ShouldBe(ReviewerStatus.Active);
        read.CurrentCaseload.ShouldBe(1);

        // A profile update carries a stale caseload of 0; the registry keeps the load it counts.
        (await registry.UpdateAsync(reviewer with { Status = ReviewerStatus.Paused, Capacity = 7, CurrentCaseload = 0 })).ShouldBeTrue();
        var updated = (await registry.GetAsync(id))!;
        updated.Status.ShouldBe(ReviewerStatus.Paused);
        updated.Capacity.ShouldBe(7);
        updated.CurrentCaseload.ShouldBe(1);

        (await registry.UpdateAsync(Samples.Reviewer(NewId()))).ShouldBeFalse();
        (await registry.GetAsync(NewId())).ShouldBeNull();
    }

    [Fact]
    public async Task Finds_reviewers_by_specialty_reading_only_those_specialty_partitions()
    {
        var ortho = NewSpecialty("Orthopedic Surgery");
        var pain = NewSpecialty("Pain Management");
        var other = NewSpecialty("Dermatology");
        var a = NewId();
        var b = NewId();
        var c = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(a, ortho));
        await registry.TryCreateAsync(Samples.Reviewer(b, ortho, pain));
        await registry.TryCreateAsync(Samples.Reviewer(c, other));
        for (var i = 0; i < 30; i++)
        {
            await registry.TryCreateAsync(Samples.Reviewer(NewId(), other));
        }

        var before = fixture.RowsRead.For(StorageNames.ReviewersTable);
        var found = (await registry.FindBySpecialtiesAsync(["  " + ortho.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal), pain])).Reviewers;
        var rowsRead = fixture.RowsRead.For(StorageNames.ReviewersTable) - before;

        found.Select(r => r.Id).ShouldBe(new[] { a, b }.Order(StringComparer.Ordinal));

        // Three index rows (a and b under ortho, b under pain) plus two profile reads; none of the 31 other reviewers.
        rowsRead.ShouldBe(5);
    }

    [Fact]
    public async Task Finding_many_reviewers_across_many_specialties_takes_a_few_queries_not_a_read_per_reviewer()
    {
        // 17 specialties (more than one filter's 15 comparisons) and 30 reviewers (more than two profile queries' 14 each),
        // including an id that must be hashed into its key.
        var specialties = Enumerable.Range(0, 17).Select(i => NewSpecialty($"Specialty {i}")).ToList();
        var ids = Enumerable.Range(0, 29).Select(_ => NewId()).Append("npi/9#9?" + Guid.NewGuid().ToString("N")[..6]).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await registry.TryCreateAsync(Samples.Reviewer(ids[i], specialties[i % specialties.Count], specialties[(i + 1) % specialties.Count]));
        }

        await registry.TryCreateAsync(Samples.Reviewer(NewId(), NewSpecialty("Dermatology")));
        var before = fixture.Clients.Counter.Snapshot();

        var found = (await registry.FindBySpecialtiesAsync(specialties)).Reviewers;

        var spent = fixture.Clients.Counter.Snapshot().Since(before);
        found.Select(r => r.Id).ShouldBe(ids.Order(StringComparer.Ordinal));
        found.ShouldAllBe(r => r.Certifications.Count == 2);

        // Two index queries (15 + 2 specialties) and three profile queries (14 + 14 + 2 reviewers); no point reads.
        spent.For(StorageService.Table, "GET").ShouldBe(5);
        spent.Total.ShouldBe(5);
    }

    [Fact]
    public async Task An_index_row_without_a_profile_or_for_a_dropped_specialty_finds_nobody()
    {
        var ortho = NewSpecialty("Orthopedic Surgery");
        var pain = NewSpecialty("Pain Management");
        var kept = NewId();
        var moved = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(kept, ortho));
        await registry.TryCreateAsync(Samples.Reviewer(moved, pain));

        // What an interrupted create or update leaves behind: index rows the profiles do not back.
        var table = fixture.Clients.Tables.GetTableClient(StorageNames.ReviewersTable);
        var ghost = NewId();
        foreach (var id in new[] { ghost, moved })
        {
            await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(
                "specialty|" + TableKeys.Encode(TableReviewerRegistry.NormalizeSpecialty(ortho)), TableKeys.Encode(id))
            {
                ["ReviewerId"] = id,
                ["Specialty"] = TableReviewerRegistry.NormalizeSpecialty(ortho),
            });
        }

        var found = (await registry.FindBySpecialtiesAsync([ortho])).Reviewers;

        found.Select(r => r.Id).ShouldBe([kept]);
    }

    [Fact]
    public async Task Lists_every_reviewer_active_or_paused_with_the_counted_load_and_names_a_broken_profile_instead_of_failing()
    {
        var active = NewId();
        var paused = NewId();
        var broken = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(active, NewSpecialty("Orthopedic Surgery")));
        await registry.TryCreateAsync(Samples.Reviewer(paused, NewSpecialty("Psychiatry")) with { Status = ReviewerStatus.Paused });
        await registry.TryCreateAsync(Samples.Reviewer(broken, NewSpecialty("Psychiatry")));
        (await registry.RecordAssignmentAsync(active, StorageFixture.NextCaseNumber(), 1)).ShouldBeTrue();
        await BreakAsync(broken, "Affiliations", "null");

        var list = await registry.ListAsync();

        list.Reviewers.Single(r => r.Id == active).CurrentCaseload.ShouldBe(1);
        list.Reviewers.Single(r => r.Id == paused).Status.ShouldBe(ReviewerStatus.Paused);
        list.Reviewers.ShouldNotContain(r => r.Id == broken);
        list.Unreadable.ShouldContain(broken);
        list.Reviewers.Select(r => r.Id).ShouldBe(list.Reviewers.Select(r => r.Id).Order(StringComparer.Ordinal));
        await registry.UpdateAsync(Samples.Reviewer(broken, "Psychiatry"));
    }

    [Fact]
    public async Task A_licensee_without_certifications_is_found_under_the_licenses_own_specialty()
    {
        // LC § 139.5: a chiropractor is qualified by the license, so the assignment search must reach them by it.
        var id = NewId();
        var chiropractor = Samples.Reviewer(id) with
        {
            Licenses = [new License { State = "MO", Number = "DC 1", Type = LicenseType.Chiropractor, Expires = new DateOnly(2028, 1, 31) }],
        };
        await registry.TryCreateAsync(chiropractor);

        var found = (await registry.FindBySpecialtiesAsync(["Chiropractic"])).Reviewers.Single(r => r.Id == id);

        found.Licenses.Single().Type.ShouldBe(LicenseType.Chiropractor);
        found.Certifications.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reviewer_who_loses_a_specialty_is_no_longer_found_for_it()
    {
        var ortho = NewSpecialty("Orthopedic Surgery");
        var pain = NewSpecialty("Pain Management");
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, ortho));

        await registry.UpdateAsync(Samples.Reviewer(id, pain));

        (await registry.FindBySpecialtiesAsync([ortho])).Reviewers.ShouldBeEmpty();
        (await registry.FindBySpecialtiesAsync([pain])).Reviewers.Single().Id.ShouldBe(id);
    }

    [Fact]
    public async Task Fifty_concurrent_assignments_to_one_reviewer_are_all_counted_and_repeats_are_not()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Internal Medicine"));
        var cases = Enumerable.Range(0, 50).Select(_ => StorageFixture.NextCaseNumber()).ToList();

        // Five registries stand for five hosts: one registry changes a reviewer's load one call at a time, so the races
        // the ETag must settle are between registries.
        var hosts = Enumerable.Range(0, 5).Select(_ => new TableReviewerRegistry(fixture.Clients)).ToArray();
        var recorded = await Task.WhenAll(cases.Select((c, i) => hosts[i % hosts.Length].RecordAssignmentAsync(id, c, 1)));

        recorded.ShouldAllBe(r => r);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(50);
        (await registry.ListAssignmentsAsync(id)).Count.ShouldBe(50);

        // The same (case, attempt) again, even ten times at once, changes nothing.
        var repeats = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => registry.RecordAssignmentAsync(id, cases[0], 1)));
        repeats.ShouldAllBe(r => !r);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(50);

        // A new attempt for the same case is a new assignment.
        (await registry.RecordAssignmentAsync(id, cases[0], 2)).ShouldBeTrue();
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(51);
    }

    [Fact]
    public async Task Concurrent_assignments_in_one_host_lose_no_race_on_the_load()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Internal Medicine"));
        var cases = Enumerable.Range(0, 20).Select(_ => StorageFixture.NextCaseNumber()).ToList();

        var before = fixture.Clients.Counter.Snapshot();
        var recorded = await Task.WhenAll(cases.Select(c => registry.RecordAssignmentAsync(id, c, 1)));
        var released = await Task.WhenAll(cases.Take(10).Select(c => registry.ReleaseAssignmentAsync(id, c, 1)));
        var spent = fixture.Clients.Counter.Snapshot().Since(before);

        recorded.ShouldAllBe(r => r);
        released.ShouldAllBe(r => r);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(10);

        // One transaction each, and one read for the first: the rest start from the profile and the assignment rows as this
        // process wrote them. No 412, so no re-read, no second transaction and no back-off.
        spent.For(StorageService.Table, "GET").ShouldBe(1);
        spent.For(StorageService.Table, "POST").ShouldBe(30);
    }

    [Fact]
    public async Task An_assignment_and_its_release_start_from_this_processs_copies_and_a_copy_made_stale_elsewhere_costs_one_refused_transaction()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Occupational Medicine"));
        var here = new TableReviewerRegistry(fixture.Clients);
        var elsewhere = new TableReviewerRegistry(fixture.Clients);
        var (first, second) = (StorageFixture.NextCaseNumber(), StorageFixture.NextCaseNumber());

        // The search read the profile: the assignment needs no read of its own, and the release none either.
        (await here.FindBySpecialtiesAsync(["Occupational Medicine"])).Reviewers.ShouldContain(r => r.Id == id);
        var before = fixture.Clients.Counter.Snapshot();
        (await here.RecordAssignmentAsync(id, first, 1)).ShouldBeTrue();
        (await here.ReleaseAssignmentAsync(id, first, 1)).ShouldBeTrue();
        var kept = fixture.Clients.Counter.Snapshot().Since(before);
        kept.For(StorageService.Table, "GET").ShouldBe(0);
        kept.For(StorageService.Table, "POST").ShouldBe(2);

        // Another process moves the load: this process's copy is refused, read again, and the load stays exact.
        (await elsewhere.RecordAssignmentAsync(id, second, 1)).ShouldBeTrue();
        before = fixture.Clients.Counter.Snapshot();
        (await here.RecordAssignmentAsync(id, first, 2)).ShouldBeTrue();
        var stale = fixture.Clients.Counter.Snapshot().Since(before);
        stale.For(StorageService.Table, "POST").ShouldBe(2, "the refused transaction and the one that counts");
        stale.For(StorageService.Table, "GET").ShouldBe(1);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(2);

        // Released elsewhere: this process's copy of the assignment row is refused, and the release counts nothing twice.
        (await elsewhere.ReleaseAssignmentAsync(id, first, 2)).ShouldBeTrue();
        (await here.ReleaseAssignmentAsync(id, first, 2)).ShouldBeFalse();
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_first_recordings_of_one_assignment_count_it_exactly_once()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Neurology"));
        var caseNumber = StorageFixture.NextCaseNumber();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => registry.RecordAssignmentAsync(id, caseNumber, 1)));

        results.Count(r => r).ShouldBe(1);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(1);
    }

    [Fact]
    public async Task Releasing_an_assignment_takes_one_off_the_load_exactly_once()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Psychiatry"));
        var first = StorageFixture.NextCaseNumber();
        var second = StorageFixture.NextCaseNumber();
        await registry.RecordAssignmentAsync(id, first, 1);
        await registry.RecordAssignmentAsync(id, second, 1);

        var released = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => registry.ReleaseAssignmentAsync(id, first, 1)));

        released.Count(r => r).ShouldBe(1);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(1);
        (await registry.ReleaseAssignmentAsync(id, first, 2)).ShouldBeFalse();
        (await registry.RecordAssignmentAsync(id, first, 1)).ShouldBeFalse("a released assignment is still recorded; it is not counted again");
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(1);
        (await registry.ListAssignmentsAsync(id)).ShouldContain((first, 1, true));
    }

    [Fact]
    public async Task A_release_reads_the_assignment_and_the_profile_in_one_request_among_many_assignments()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Neurology"));
        var cases = Enumerable.Range(0, 12).Select(_ => StorageFixture.NextCaseNumber()).ToList();
        foreach (var caseNumber in cases)
        {
            await registry.RecordAssignmentAsync(id, caseNumber, 1);
        }

        // Released by another process, which has no copy of either row.
        var elsewhere = new TableReviewerRegistry(fixture.Clients);
        var before = fixture.Clients.Counter.Snapshot();
        (await elsewhere.ReleaseAssignmentAsync(id, cases[5], 1)).ShouldBeTrue();
        var spent = fixture.Clients.Counter.Snapshot().Since(before);

        spent.For(StorageService.Table, "GET").ShouldBe(1);
        spent.For(StorageService.Table, "POST").ShouldBe(1, "the release and the load in one transaction");
        spent.Total.ShouldBe(2);
        (await registry.GetAsync(id))!.CurrentCaseload.ShouldBe(11);
        (await registry.ListAssignmentsAsync(id)).Where(a => a.Released).Select(a => a.CaseNumber).ShouldBe([cases[5]]);
        (await registry.ReleaseAssignmentAsync(id, StorageFixture.NextCaseNumber(), 1)).ShouldBeFalse("never assigned");
        (await registry.ReleaseAssignmentAsync(NewId(), cases[0], 1)).ShouldBeFalse("an unknown reviewer has no assignment to release");
    }

    [Fact]
    public async Task A_create_whose_reply_was_lost_still_reports_created()
    {
        var lossy = new LoseFirstReply("POST", "/Reviewers");
        var lossyRegistry = new TableReviewerRegistry(StorageClients.Create(fixture.Options, extraPolicies: [lossy]));
        var id = NewId();

        (await lossyRegistry.TryCreateAsync(Samples.Reviewer(id, "Cardiology"))).ShouldBeTrue();

        lossy.Fired.ShouldBeTrue();
        (await registry.TryCreateAsync(Samples.Reviewer(id, "Cardiology"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Assigning_to_an_unknown_reviewer_throws()
    {
        var missing = NewId();
        var error = await Should.ThrowAsync<KeyNotFoundException>(() => registry.RecordAssignmentAsync(missing, StorageFixture.NextCaseNumber(), 1));
        error.Message.ShouldContain(missing);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => registry.RecordAssignmentAsync(missing, StorageFixture.NextCaseNumber(), 0));
    }

    [Fact]
    public async Task Reviewer_ids_with_key_breaking_characters_work()
    {
        var id = "npi/123#45?" + Guid.NewGuid().ToString("N")[..6];
        await registry.TryCreateAsync(Samples.Reviewer(id, "Family Medicine"));

        (await registry.RecordAssignmentAsync(id, StorageFixture.NextCaseNumber(), 1)).ShouldBeTrue();
        (await registry.GetAsync(id))!.Id.ShouldBe(id);
    }

    [Theory]
    [InlineData("Affiliations", "null", "$.affiliations")]
    [InlineData("Affiliations", "[null]", "$.affiliations[0]")]
    [InlineData("Affiliations", "garbage{", "$.affiliations")]
    [InlineData("Licenses", "null", "$.licenses")]
    [InlineData("Certifications", "[null]", "$.certifications[0]")]
    [InlineData("Status", "1", "$.status")]
    [InlineData("Status", "Active, Paused", "$.status")]
    [InlineData("YearsInActivePractice", "many", "$.yearsInActivePractice")]
    public async Task A_broken_profile_row_costs_one_reviewer_not_the_search_and_a_replacing_update_repairs_it(string column, string stored, string field)
    {
        var specialty = NewSpecialty("Orthopedic Surgery");
        var broken = NewId();
        var sound = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(broken, specialty));
        await registry.TryCreateAsync(Samples.Reviewer(sound, specialty));
        await BreakAsync(broken, column, stored);

        var search = await registry.FindBySpecialtiesAsync([specialty]);

        search.Reviewers.Select(r => r.Id).ShouldBe([sound]);
        search.Unreadable.ShouldBe([broken]);
        var unreadable = await Should.ThrowAsync<Imr.Workflow.Ports.UnreadableReviewerException>(() => registry.GetAsync(broken));
        unreadable.ReviewerId.ShouldBe(broken);
        unreadable.Field.ShouldBe(field);
        unreadable.Message.ShouldNotContain("garbage");

        // A load counted on the broken row is kept through the repair.
        (await registry.RecordAssignmentAsync(broken, StorageFixture.NextCaseNumber(), 1)).ShouldBeTrue();
        (await registry.UpdateAsync(Samples.Reviewer(broken, specialty))).ShouldBeTrue();

        var repaired = (await registry.GetAsync(broken)).ShouldNotBeNull();
        repaired.Affiliations.ShouldBe(Samples.Reviewer(broken, specialty).Affiliations);
        repaired.CurrentCaseload.ShouldBe(1);
        var again = await registry.FindBySpecialtiesAsync([specialty]);
        again.Reviewers.Select(r => r.Id).ShouldBe(new[] { broken, sound }.Order(StringComparer.Ordinal));
        again.Unreadable.ShouldBeEmpty();
    }

    // What a fault or a hand edit can leave in the table: one column of the profile row replaced as it is.
    private async Task BreakAsync(string reviewerId, string column, string stored)
    {
        var table = fixture.Clients.Tables.GetTableClient(StorageNames.ReviewersTable);
        await table.UpdateEntityAsync(
            new Azure.Data.Tables.TableEntity("reviewer|" + TableKeys.Encode(reviewerId), "profile") { [column] = stored },
            Azure.ETag.All,
            Azure.Data.Tables.TableUpdateMode.Merge);
    }

    [Theory]
    [InlineData("  Pain   Management ", "pain management")]
    [InlineData("ORTHOPEDIC SURGERY", "orthopedic surgery")]
    [InlineData("Physical\tMedicine\nand Rehabilitation", "physical medicine and rehabilitation")]
    public void Specialties_match_without_regard_to_case_or_spacing(string specialty, string normalized) =>
        TableReviewerRegistry.NormalizeSpecialty(specialty).ShouldBe(normalized);
}
