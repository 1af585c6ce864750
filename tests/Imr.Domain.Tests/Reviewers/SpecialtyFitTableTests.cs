using Imr.Domain.Cases;
using Imr.Domain.Reviewers;
using Imr.Domain.Tests.Cases;

namespace Imr.Domain.Tests.Reviewers;

public class SpecialtyFitTableTests
{
    private static CaseFile Case(string condition, string item) =>
        SeedCase.Load() with { Conditions = [condition], DisputedItems = [new DisputedItem { Description = item }] };

    private static SpecialtyFit FitOf(string specialty, CaseFile caseFile) =>
        new EligibilityContext(caseFile, new DateOnly(2026, 1, 5)).FitOf(specialty);

    [Theory]
    [InlineData("cervical strain", "Chiropractic 2x4", "Occupational Medicine", SpecialtyFit.Exact)]
    [InlineData("right knee meniscus tear", "Arthroscopy right knee", "Orthopedic Surgery", SpecialtyFit.Exact)]
    [InlineData("right knee meniscus tear", "Arthroscopy right knee", "Orthopaedic Surgery", SpecialtyFit.Exact)]
    [InlineData("left shoulder impingement", "MRI left shoulder", "Orthopedic Surgery", SpecialtyFit.Exact)]
    [InlineData("chronic pain", "Oxycodone 10mg #60", "Pain Management", SpecialtyFit.Exact)]
    [InlineData("chronic pain", "Oxycodone 10mg #60", "Pain Medicine", SpecialtyFit.Exact)]
    [InlineData("chronic pain", "Norco 10/325 #90", "Anesthesiology", SpecialtyFit.Similar)]
    [InlineData("lumbar sprain", "Physical therapy 2x6 lumbar spine", "Physical Medicine & Rehabilitation", SpecialtyFit.Exact)]
    [InlineData("right wrist", "Physical therapy 2x6 right wrist", "Occupational Medicine", SpecialtyFit.Similar)]
    [InlineData("depression", "Cognitive behavioral therapy x6", "Psychiatry", SpecialtyFit.Exact)]
    [InlineData("right knee", "Arthroscopy", "Dermatology", SpecialtyFit.None)]
    public void Maps_conditions_and_items_to_specialties(string condition, string item, string specialty, SpecialtyFit fit)
    {
        FitOf(specialty, Case(condition, item)).ShouldBe(fit);
    }

    [Fact]
    public void Keywords_match_whole_words_only()
    {
        // "backpack" must not read as "back", nor "tense" as "tens".
        SpecialtyFitTable.Current.SpecialtiesFor(Case("backpack injury", "tense muscles")).MatchedTopics.ShouldBeEmpty();
    }

    [Fact]
    public void Lists_the_specialties_a_case_needs_exact_first_without_duplicates()
    {
        var needs = SpecialtyFitTable.Current.SpecialtiesFor(SeedCase.Load());

        needs.MatchedTopics.ShouldBe(["Spine and neck strain"]);
        needs.Exact.ShouldBe(["Occupational Medicine", "Orthopedic Surgery", "Physical Medicine and Rehabilitation"]);
        needs.Similar.ShouldNotContain("Occupational Medicine");
        needs.All.Count().ShouldBe(needs.All.Select(Specialty.Key).Distinct().Count());
    }

    [Fact]
    public void A_specialty_exact_for_one_topic_stays_exact_when_similar_for_another()
    {
        var needs = SpecialtyFitTable.Current.SpecialtiesFor(Case("right knee", "Oxycodone 10mg"));
        needs.Exact.ShouldContain("Orthopedic Surgery");
        needs.Exact.ShouldContain("Pain Management");
        needs.Similar.ShouldContain("Occupational Medicine");
        needs.Similar.ShouldNotContain("Orthopedic Surgery");
    }

    [Theory]
    [InlineData("Orthopaedic Surgery", "orthopedic surgery")]
    [InlineData("Physical Medicine & Rehabilitation", "physical medicine and rehabilitation")]
    [InlineData("  PAIN   medicine ", "pain management")]
    public void Specialty_keys_fold_spelling_and_aliases(string name, string key)
    {
        Specialty.Key(name).ShouldBe(key);
    }

    [Fact]
    public void The_table_is_versioned()
    {
        SpecialtyFitTable.Current.Version.ShouldBe("2026.1");
        SpecialtyFitTable.Current.Rows.ShouldAllBe(r => r.Keywords.Count > 0 && r.Exact.Count > 0);
    }
}
