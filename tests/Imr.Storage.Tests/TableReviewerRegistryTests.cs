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
        var found = await registry.FindBySpecialtiesAsync(["  " + ortho.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal), pain]);
        var rowsRead = fixture.RowsRead.For(StorageNames.ReviewersTable) - before;

        found.Select(r => r.Id).ShouldBe(new[] { a, b }.Order(StringComparer.Ordinal));

        // Three index rows (a and b under ortho, b under pain) plus two profile reads; none of the 31 other reviewers.
        rowsRead.ShouldBe(5);
    }

    [Fact]
    public async Task A_reviewer_who_loses_a_specialty_is_no_longer_found_for_it()
    {
        var ortho = NewSpecialty("Orthopedic Surgery");
        var pain = NewSpecialty("Pain Management");
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, ortho));

        await registry.UpdateAsync(Samples.Reviewer(id, pain));

        (await registry.FindBySpecialtiesAsync([ortho])).ShouldBeEmpty();
        (await registry.FindBySpecialtiesAsync([pain])).Single().Id.ShouldBe(id);
    }

    [Fact]
    public async Task Fifty_concurrent_assignments_to_one_reviewer_are_all_counted_and_repeats_are_not()
    {
        var id = NewId();
        await registry.TryCreateAsync(Samples.Reviewer(id, "Internal Medicine"));
        var cases = Enumerable.Range(0, 50).Select(_ => StorageFixture.NextCaseNumber()).ToList();

        var recorded = await Task.WhenAll(cases.Select(c => registry.RecordAssignmentAsync(id, c, 1)));

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
    [InlineData("  Pain   Management ", "pain management")]
    [InlineData("ORTHOPEDIC SURGERY", "orthopedic surgery")]
    [InlineData("Physical\tMedicine\nand Rehabilitation", "physical medicine and rehabilitation")]
    public void Specialties_match_without_regard_to_case_or_spacing(string specialty, string normalized) =>
        TableReviewerRegistry.NormalizeSpecialty(specialty).ShouldBe(normalized);
}
