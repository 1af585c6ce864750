using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>Conversion of a regular review to an expedited one (8 CCR § 9792.10.4(c)), with worked dates.</summary>
public class ExpeditedConversionClockTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Section_9792_10_4_c_records_not_yet_in_are_due_24_hours_after_the_conversion_notice_even_on_a_holiday_weekend()
    {
        // Notice sent electronically Wednesday 25 Nov 2026, 10:00 PST: 12 days, Monday 7 Dec 23:59:59 PST.
        var notice = At("2026-11-25T10:00:00-08:00");
        var regular = Clock.Compute(Priority.Standard, notice, noticeWasElectronic: true, recordsReceived: null);
        regular.RecordsDue.ShouldBe(At("2026-12-07T23:59:59-08:00"));

        // Certified on the day after Thanksgiving (a state holiday), Friday 27 Nov 09:30 PST: records due 24 hours later,
        // Saturday 28 Nov 09:30 PST; an hour-counted period does not roll past the weekend (8 CCR § 9792.10.5(a)(1)).
        var convertedAt = At("2026-11-27T09:30:00-08:00");
        var expedited = Clock.ConvertToExpedited(regular, convertedAt, recordsReceived: null);

        expedited.RecordsDue.ShouldBe(At("2026-11-28T09:30:00-08:00"));
        expedited.RecordsReminder.ShouldBe(At("2026-11-27T21:30:00-08:00"), "half of the 24 hours");
        expedited.RecordsEscalation.ShouldBe(At("2026-11-28T04:42:00-08:00"), "80% of the 24 hours");
        expedited.DeterminationDue.ShouldBeNull("the determination clock waits for the records");
        expedited.PolicyVersion.ShouldBe(StatutoryPolicy.Current.Version);
    }

    [Fact]
    public void Section_9792_10_4_c_a_review_under_way_is_due_3_days_after_the_conversion_across_christmas_and_a_weekend()
    {
        // Records received Monday 21 Dec 2026, 11:00 PST: 30 days, Wednesday 20 Jan 2027.
        var received = At("2026-12-21T11:00:00-08:00");
        var regular = Clock.Compute(Priority.Standard, At("2026-12-07T09:00:00-08:00"), noticeWasElectronic: true, received);
        regular.DeterminationDue.ShouldBe(At("2027-01-20T23:59:59-08:00"));

        // Certified Wednesday 23 Dec 15:00 PST, the records already in: 3 days from the conversion (LC § 4610.6(d)) is
        // Saturday 26 Dec, after Christmas Friday; calendar days, not rolled to a business day.
        var convertedAt = At("2026-12-23T15:00:00-08:00");
        var expedited = Clock.ConvertToExpedited(regular, convertedAt, received);

        expedited.DeterminationDue.ShouldBe(At("2026-12-26T23:59:59-08:00"));
        expedited.DeterminationReminder!.Value.ShouldBeGreaterThan(convertedAt);
        expedited.DeterminationReminder.Value.ShouldBeLessThan(expedited.DeterminationEscalation!.Value);
        expedited.RecordsDue.ShouldBe(regular.RecordsDue, "records already received keep their deadline");
    }

    [Fact]
    public void Section_9792_10_4_c_the_conversion_never_puts_a_deadline_later()
    {
        // Notice Monday 7 Dec 2026: 12 days is Saturday 19 Dec, rolled to Monday 21 Dec 23:59:59 PST.
        var regular = Clock.Compute(Priority.Standard, At("2026-12-07T09:00:00-08:00"), noticeWasElectronic: true, recordsReceived: null);
        regular.RecordsDue.ShouldBe(At("2026-12-21T23:59:59-08:00"));

        // Certified that Monday at 10:00: 24 hours would be Tuesday; the records stay due Monday night.
        var expedited = Clock.ConvertToExpedited(regular, At("2026-12-21T10:00:00-08:00"), recordsReceived: null);
        expedited.RecordsDue.ShouldBe(regular.RecordsDue);

        // A review whose records came a day before its standard due date: 3 days from the conversion, which is sooner.
        var late = Clock.Compute(Priority.Standard, At("2026-12-07T09:00:00-08:00"), true, At("2026-12-22T08:00:00-08:00"));
        Clock.ConvertToExpedited(late, At("2027-01-20T08:00:00-08:00"), At("2026-12-22T08:00:00-08:00"))
            .DeterminationDue.ShouldBe(late.DeterminationDue, "21 Jan 23:59:59 stays: 3 days from 20 Jan would be later");
    }
}
