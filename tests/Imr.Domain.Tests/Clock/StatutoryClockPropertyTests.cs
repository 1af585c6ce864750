using CsCheck;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Tests.Clock;

/// <summary>Laws the clock must obey for any instant from 2000 to 2099.</summary>
public class StatutoryClockPropertyTests
{
    private static readonly StatutoryClock Clock = StatutoryClock.Current;
    private static readonly BusinessCalendar Calendar = StatutoryPolicy.Current.Calendar;

    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Long[new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks, new DateTimeOffset(2099, 12, 1, 0, 0, 0, TimeSpan.Zero).Ticks]
            .Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    private static readonly Gen<DateOnly> Dates = Instants.Select(PacificTime.DateOf);

    [Fact]
    public void Working_days_land_on_a_business_day_with_exactly_n_business_days_after_the_start()
    {
        Gen.Select(Dates, Gen.Int[1, 20]).Sample((start, n) =>
        {
            var end = Calendar.AddBusinessDays(start, n);
            Calendar.IsBusinessDay(end).ShouldBeTrue();
            var count = 0;
            for (var d = start.AddDays(1); d <= end; d = d.AddDays(1))
            {
                count += Calendar.IsBusinessDay(d) ? 1 : 0;
            }

            count.ShouldBe(n);
        }, iter: 2000);
    }

    [Fact]
    public void Standard_records_are_due_on_a_business_day_no_earlier_than_the_statutory_day()
    {
        Gen.Select(Instants, Gen.Bool).Sample((notice, electronic) =>
        {
            var due = Clock.RecordsDue(Priority.Standard, notice, electronic);
            var dueDay = PacificTime.DateOf(due);
            var statutoryDay = PacificTime.DateOf(notice).AddDays(electronic ? 12 : 15);

            Calendar.IsBusinessDay(dueDay).ShouldBeTrue();
            dueDay.ShouldBeGreaterThanOrEqualTo(statutoryDay);
            // Only weekends and holidays lie between the statutory day and the due day.
            for (var d = statutoryDay; d < dueDay; d = d.AddDays(1))
            {
                Calendar.IsBusinessDay(d).ShouldBeFalse();
            }

            // The deadline is the last second of that California day.
            PacificTime.ToLocal(due).TimeOfDay.ShouldBe(new TimeSpan(23, 59, 59));
        }, iter: 2000);
    }

    [Fact]
    public void Reminders_come_before_escalations_which_come_before_the_deadline()
    {
        Gen.Select(Instants, Gen.Int[0, 40 * 24 * 60], Gen.Bool, Gen.Bool).Sample((notice, minutesToRecords, electronic, expedited) =>
        {
            var received = notice.AddMinutes(minutesToRecords);
            var priority = expedited ? Priority.Expedited : Priority.Standard;
            var d = Clock.Compute(priority, notice, electronic, received);

            (notice < d.RecordsReminder && d.RecordsReminder < d.RecordsEscalation && d.RecordsEscalation < d.RecordsDue).ShouldBeTrue();
            (received < d.DeterminationReminder && d.DeterminationReminder < d.DeterminationEscalation && d.DeterminationEscalation < d.DeterminationDue).ShouldBeTrue();
            PacificTime.DateOf(d.DeterminationDue!.Value).ShouldBe(PacificTime.DateOf(received).AddDays(expedited ? 3 : 30));
            d.PolicyVersion.ShouldBe(StatutoryPolicy.Current.Version);
        }, iter: 2000);
    }

    [Fact]
    public void California_dates_round_trip_through_end_of_day()
    {
        Dates.Sample(date => PacificTime.DateOf(PacificTime.EndOfDay(date)).ShouldBe(date), iter: 2000);
    }
}
