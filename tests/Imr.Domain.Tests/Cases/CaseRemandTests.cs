using Imr.Domain.Cases;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Domain.Tests.Cases;

/// <summary>The remand of a reversed determination (LC § 4610.6(i)): the order's checks and the one way a Determined case reopens.</summary>
public class CaseRemandTests
{
    private static readonly DateOnly Today = new(2026, 12, 8);
    private static readonly DateOnly Mailed = new(2026, 11, 2);

    [Fact]
    public void Section_4610_6_i_a_determined_case_reopens_only_to_await_a_different_reviewer()
    {
        CaseRemand.Reopens(CaseState.Determined, CaseState.Unassigned).ShouldBeTrue();
        CaseRemand.StateAfterRemand.ShouldBe(CaseState.Unassigned);
        foreach (var to in Enum.GetValues<CaseState>().Where(s => s != CaseState.Unassigned))
        {
            CaseRemand.Reopens(CaseState.Determined, to).ShouldBeFalse(to.ToString());
        }

        foreach (var from in new[] { CaseState.Terminated, CaseState.Rejected, CaseState.Ineligible, CaseState.Consolidated, CaseState.UnderReview })
        {
            CaseRemand.Reopens(from, CaseState.Unassigned).ShouldBeFalse(from.ToString());
        }
    }

    [Fact]
    public void Section_4610_6_h_an_order_dated_between_the_mailing_and_today_is_taken()
    {
        CaseRemand.Problems(new RemandOrder { OrderDate = Mailed, OrderReference = "ADJ1234567" }, Today, Mailed).ShouldBeEmpty();
        CaseRemand.Problems(new RemandOrder { OrderDate = Today, OrderReference = "ADJ1234567" }, Today, Mailed).ShouldBeEmpty();
    }

    [Fact]
    public void Section_4610_6_h_an_order_before_the_mailing_or_in_the_future_is_refused_naming_the_field()
    {
        var early = CaseRemand.Problems(new RemandOrder { OrderDate = Mailed.AddDays(-1), OrderReference = "ADJ1" }, Today, Mailed).ShouldHaveSingleItem();
        early.Path.ShouldBe("$.orderDate");
        early.Reason.ShouldContain("2026-11-02");

        var future = CaseRemand.Problems(new RemandOrder { OrderDate = Today.AddDays(1), OrderReference = "ADJ1" }, Today, Mailed).ShouldHaveSingleItem();
        future.Path.ShouldBe("$.orderDate");
        future.Reason.ShouldContain("future");
    }

    [Fact]
    public void Missing_fields_and_a_reference_over_two_lines_are_refused_each_naming_its_field()
    {
        CaseRemand.Problems(new RemandOrder(), Today, Mailed).Select(p => p.Path).ShouldBe(["$.orderDate", "$.orderReference"]);
        CaseRemand.Problems(new RemandOrder { OrderDate = Today, OrderReference = "ADJ1\nADJ2" }, Today, Mailed).ShouldHaveSingleItem().Path.ShouldBe("$.orderReference");
        CaseRemand.Problems(new RemandOrder { OrderDate = Today, OrderReference = new string('A', 101) }, Today, Mailed).ShouldHaveSingleItem().Path.ShouldBe("$.orderReference");
    }

    [Fact]
    public void The_generation_counts_the_remands_and_the_latest_letter_is_the_newest_issued()
    {
        var number = CaseNumber.Create(26, 1);
        var determined = new Case { CaseNumber = number, State = CaseState.Determined, Determination = new DeterminationSummary() };
        CaseRemand.CurrentGeneration(determined).ShouldBe(1);
        CaseRemand.LatestIssuedGeneration(determined).ShouldBe(1);

        var remanded = determined with { State = CaseState.Unassigned, Determination = null, Remands = [new CaseRemandRecord { Generation = 2 }] };
        CaseRemand.CurrentGeneration(remanded).ShouldBe(2);
        CaseRemand.LatestIssuedGeneration(remanded).ShouldBe(1, "until the new review is determined, the reversed letter is the newest issued");
        CaseRemand.LatestIssuedGeneration(remanded with { Determination = new DeterminationSummary() }).ShouldBe(2);
        CaseRemand.LatestIssuedGeneration(new Case { CaseNumber = number }).ShouldBe(0);
    }
}
