using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Reports;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Domain.Tests.Reports;

/// <summary>
/// The timeliness report over a worked month (March 2026, Pacific time): on time against each case's recorded determination
/// deadline (LC § 4610.6(d)), days to determination, records late by claims administrator (8 CCR § 9792.10.5(a)), and
/// overturn rates by the deciding reviewer's specialty.
/// </summary>
public class TimelinessReportTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly March31 = new(2026, 3, 31);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Case Determined(
        string number, Priority priority, string recordsDue, string recordsReceived, string determinationDue, string decided,
        string claimsAdministrator, string[] specialties, params Decision[] items) =>
        new()
        {
            CaseNumber = CaseNumber.Parse(number),
            State = CaseState.Determined,
            Priority = priority,
            RecordsReceivedAt = At(recordsReceived),
            Deadlines = new CaseDeadlines { RecordsDue = At(recordsDue), DeterminationDue = At(determinationDue) },
            Determination = new DeterminationSummary
            {
                DecisionDate = D(decided),
                Items = items.Select((d, i) => new DeterminedItem { Description = $"item {i}", Decision = d }).ToList(),
                ReviewerSpecialties = specialties,
                ClaimsAdministratorId = claimsAdministrator,
                ClaimsAdministratorName = claimsAdministrator == "ca-1" ? "Acme Insurance" : "Beta, \"TPA\"",
            },
        };

    // A: records in on 2 March (10:00 PST), decided 20 March, 18 days, on time; two items, one overturned.
    private static readonly Case A = Determined("CM26-0000001", Priority.Standard, "2026-03-05T07:59:59Z", "2026-03-02T18:00:00Z", "2026-04-01T06:59:59Z", "2026-03-20", "ca-1", ["Orthopedic Surgery"], Decision.Upheld, Decision.Overturned);

    // B: records never completed; the review started at their due date (19 Feb, 23:59:59 PST). Due 21 March, decided 25 March: late, 34 days.
    private static readonly Case B = Determined("CM26-0000002", Priority.Standard, "2026-02-20T07:59:59Z", "2026-02-20T07:59:59Z", "2026-03-22T06:59:59Z", "2026-03-25", "ca-2", ["Orthopedic Surgery", "Pain Medicine"], Decision.Overturned);

    // C: expedited, records in on 10 March, due 12 March (23:59:59 PDT), decided on the last day: on time, 2 days.
    private static readonly Case C = Determined("CM26-0000003", Priority.Expedited, "2026-03-10T20:00:00Z", "2026-03-10T17:00:00Z", "2026-03-13T06:59:59Z", "2026-03-12", "ca-1", ["Psychiatry"], Decision.Upheld);

    // F: decided on the first day of the period (included), 28 days after records of 1 February; no specialty recorded.
    private static readonly Case F = Determined("CM26-0000006", Priority.Standard, "2026-02-05T07:59:59Z", "2026-02-01T20:00:00Z", "2026-03-04T07:59:59Z", "2026-03-01", "ca-2", [], Decision.Upheld, Decision.Upheld);

    // D: decided on 1 April, after the period; E: still under review.
    private static readonly Case D1 = Determined("CM26-0000004", Priority.Standard, "2026-03-05T07:59:59Z", "2026-03-02T18:00:00Z", "2026-04-01T06:59:59Z", "2026-04-01", "ca-1", ["Psychiatry"], Decision.Overturned);
    private static readonly Case E = new() { CaseNumber = CaseNumber.Parse("CM26-0000005"), State = CaseState.UnderReview, RecordsReceivedAt = At("2026-03-02T18:00:00Z") };

    private static TimelinessReport March() => TimelinessReport.Compute([A, B, C, D1, E, F], March1, March31);

    [Fact]
    public void Counts_the_determinations_decided_in_the_period_both_ends_included_and_the_share_on_time_under_LC_4610_6_d()
    {
        var report = March();
        report.Determinations.ShouldBe(4);
        report.OnTime.ShouldBe(3);
        report.Late.ShouldBe(1);
        report.WithoutDeadline.ShouldBe(0);
        report.OnTimeShare.ShouldBe(0.75);
        report.ByPriority.ShouldBe(
        [
            new PriorityTimeliness(Priority.Standard, 30, 3, 2, 1, 0.6667),
            new PriorityTimeliness(Priority.Expedited, 3, 1, 1, 0, 1.0),
        ]);
    }

    [Fact]
    public void Days_to_determination_run_from_the_records_receipt_median_23_and_90th_percentile_34()
    {
        // 2, 18, 28, 34 days: the median is the mean of 18 and 28; the 90th percentile is the 4th of 4 by nearest rank.
        March().DaysToDetermination.ShouldBe(new DaysToDetermination(4, 0, 23.0, 34));
    }

    [Fact]
    public void Records_not_complete_by_their_due_date_are_counted_per_claims_administrator_most_late_first()
    {
        March().RecordsByClaimsAdministrator.ShouldBe(
        [
            new RecordsByClaimsAdministrator("ca-2", "Beta, \"TPA\"", 2, 1, 0.5),
            new RecordsByClaimsAdministrator("ca-1", "Acme Insurance", 2, 0, 0.0),
        ]);
    }

    [Fact]
    public void Overturn_rate_counts_each_item_under_each_of_its_reviewers_specialties_and_item_category_is_absent_with_its_reason()
    {
        var report = March();
        report.OverturnBySpecialty.ShouldBe(
        [
            new OverturnRate(TimelinessReport.NotRecorded, 2, 0, 0.0),
            new OverturnRate("Orthopedic Surgery", 3, 2, 0.6667),
            new OverturnRate("Pain Medicine", 1, 1, 1.0),
            new OverturnRate("Psychiatry", 1, 0, 0.0),
        ]);
        report.Absent.ShouldBe([TimelinessReport.ItemCategoryAbsent]);
    }

    [Fact]
    public void A_determined_case_without_a_recorded_deadline_is_counted_apart_and_not_judged()
    {
        var noDeadline = A with { Deadlines = new CaseDeadlines(), RecordsReceivedAt = null };
        var report = TimelinessReport.Compute([noDeadline], March1, March31);
        report.Determinations.ShouldBe(1);
        report.WithoutDeadline.ShouldBe(1);
        report.OnTimeShare.ShouldBeNull();
        report.DaysToDetermination.ShouldBe(new DaysToDetermination(0, 1, null, null));
        report.RecordsByClaimsAdministrator.Single().LateShare.ShouldBeNull();
    }

    [Theory]
    [InlineData(new int[0], null, null)]
    [InlineData(new[] { 7 }, 7.0, 7)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 5.5, 9)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 6.0, 10)]
    public void Median_and_nearest_rank_90th_percentile(int[] sorted, double? median, int? p90)
    {
        TimelinessReport.Median(sorted).ShouldBe(median);
        TimelinessReport.Percentile(sorted, 90).ShouldBe(p90);
    }

    [Fact]
    public void The_csv_has_one_figure_a_row_quotes_commas_and_quotes_and_defuses_formulas()
    {
        var csv = TimelinessReportCsv.Write(March());
        var lines = csv.Split("\r\n");
        lines[0].ShouldBe(TimelinessReportCsv.Header);
        lines.ShouldContain("period,2026-03-01..2026-03-31,,,");
        lines.ShouldContain("on time,all,3,4,0.75");
        lines.ShouldContain("on time,Standard (30 days),2,3,0.6667");
        lines.ShouldContain("days to determination,median,,4,23");
        lines.ShouldContain("days to determination,90th percentile,,4,34");
        lines.ShouldContain("records late,\"Beta, \"\"TPA\"\" (ca-2)\",1,2,0.5");
        lines.ShouldContain("overturned by specialty,Orthopedic Surgery,2,3,0.6667");
        TimelinessReportCsv.Field("=HYPERLINK(\"x\")").ShouldBe("\"'=HYPERLINK(\"\"x\"\")\"");
        TimelinessReportCsv.Field("-1").ShouldBe("'-1");
    }
}
