using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>The review period of a dispute remanded after the WCAB reversed its determination (LC § 4610.6(i), (d)), with worked dates.</summary>
public class RemandedReviewClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Section_4610_6_i_a_remanded_review_is_due_30_days_after_the_remand_is_received_even_on_a_sunday_over_new_year()
    {
        // Remand received Friday 4 Dec 2026, 10:00 PST: 30 calendar days is Sunday 3 Jan 2027, past Christmas and New
        // Year's Day; the determination period is not rolled to a business day (LC § 4610.6(d)).
        var received = At("2026-12-04T10:00:00-08:00");
        var deadlines = Clock.RemandedReview(Priority.Standard, received);

        deadlines.DeterminationDue.ShouldBe(At("2027-01-03T23:59:59-08:00"));
        deadlines.DeterminationReminder!.Value.ShouldBeGreaterThan(received);
        deadlines.DeterminationReminder.Value.ShouldBeLessThan(deadlines.DeterminationEscalation!.Value);
        deadlines.DeterminationEscalation.Value.ShouldBeLessThan(deadlines.DeterminationDue!.Value);
        deadlines.RecordsDue.ShouldBeNull("the records are in already; nothing is requested again");
        deadlines.RecordsReminder.ShouldBeNull();
        deadlines.PolicyVersion.ShouldBe(StatutoryPolicy.Current.Version);
    }

    [Fact]
    public void Section_4610_6_i_an_expedited_remanded_review_is_due_3_days_after_the_remand_across_christmas()
    {
        // Received Thursday 24 Dec 2026, 16:00 PST: 3 days is Sunday 27 Dec, Christmas Friday and the weekend counted.
        var deadlines = Clock.RemandedReview(Priority.Expedited, At("2026-12-24T16:00:00-08:00"));

        deadlines.DeterminationDue.ShouldBe(At("2026-12-27T23:59:59-08:00"));
    }

    [Fact]
    public void Section_4610_6_i_the_remanded_review_counts_from_the_remand_not_from_the_first_review()
    {
        // The first review's records came in on 1 Oct 2026 (due 31 Oct); the remand on Monday 7 Dec 2026 gets 30 days of its own.
        var first = Clock.Compute(Priority.Standard, At("2026-09-20T09:00:00-07:00"), noticeWasElectronic: true, At("2026-10-01T09:00:00-07:00"));
        var remanded = Clock.RemandedReview(Priority.Standard, At("2026-12-07T09:00:00-08:00"));

        first.DeterminationDue.ShouldBe(At("2026-10-31T23:59:59-07:00"));
        remanded.DeterminationDue.ShouldBe(At("2027-01-06T23:59:59-08:00"));
    }
}
