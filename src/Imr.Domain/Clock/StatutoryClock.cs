using Imr.Domain.Cases;

namespace Imr.Domain.Clock;

/// <summary>
/// Computes a case's statutory deadlines under one <see cref="StatutoryPolicy"/>. Pure arithmetic on the inputs (no
/// clock reads), so orchestrators may call it during replay.
/// </summary>
/// <remarks>
/// A period counted in days ends at 23:59:59 California time on its last day; the day of the starting event is not
/// counted (CCP § 12). A period counted in hours (expedited records) ends exactly that long after the event.
/// </remarks>
public sealed class StatutoryClock
{
    /// <summary>Creates a clock for a policy.</summary>
    public StatutoryClock(StatutoryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>A clock under <see cref="StatutoryPolicy.Current"/>.</summary>
    public static StatutoryClock Current { get; } = new(StatutoryPolicy.Current);

    /// <summary>The policy applied.</summary>
    public StatutoryPolicy Policy { get; }

    /// <summary>
    /// The case's deadlines. Records deadlines need the notice of assignment; determination deadlines need the instant
    /// the records were received. When records never arrive the workflow passes the records-due instant instead, since
    /// the reviewer then decides on what the file holds (8 CCR § 9792.10.6(b)(2)).
    /// </summary>
    public CaseDeadlines Compute(
        Priority priority,
        DateTimeOffset? noticeOfAssignment,
        bool noticeWasElectronic,
        DateTimeOffset? recordsReceived)
    {
        DateTimeOffset? recordsDue = noticeOfAssignment is { } notice ? RecordsDue(priority, notice, noticeWasElectronic) : null;
        DateTimeOffset? determinationDue = recordsReceived is { } received ? DeterminationDue(priority, received) : null;

        return new CaseDeadlines
        {
            RecordsDue = recordsDue,
            RecordsReminder = Point(noticeOfAssignment, recordsDue, Policy.ReminderAt),
            RecordsEscalation = Point(noticeOfAssignment, recordsDue, Policy.EscalationAt),
            DeterminationDue = determinationDue,
            DeterminationReminder = Point(recordsReceived, determinationDue, Policy.ReminderAt),
            DeterminationEscalation = Point(recordsReceived, determinationDue, Policy.EscalationAt),
            PolicyVersion = Policy.Version,
        };
    }

    /// <summary>
    /// The deadlines of a regular review converted into an expedited one at <paramref name="convertedAt"/>, when the
    /// treating physician's certification of an imminent and serious threat came in (8 CCR § 9792.10.4(c)); the parties
    /// are told at once, by the most efficient means. Records not yet received are due 24 hours after that notice
    /// (§ 9792.10.5(a)(1), expedited), never later than they were due already. Records received already: the determination
    /// is due 3 days after the information was received (LC § 4610.6(d)), counted from the conversion when the records
    /// were in before it, never later than it was due already. Reminders and escalations are recomputed from the
    /// conversion; an hour-counted period does not roll past a weekend or holiday, nor does the 3-day one (the policy's
    /// <see cref="StatutoryPolicy.DeterminationDueRoll"/>).
    /// </summary>
    public CaseDeadlines ConvertToExpedited(CaseDeadlines current, DateTimeOffset convertedAt, DateTimeOffset? recordsReceived)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (recordsReceived is { } received)
        {
            var from = received > convertedAt ? received : convertedAt;
            var due = Earlier(current.DeterminationDue, DeterminationDue(Priority.Expedited, from));
            return current with
            {
                DeterminationDue = due,
                DeterminationReminder = Point(convertedAt, due, Policy.ReminderAt),
                DeterminationEscalation = Point(convertedAt, due, Policy.EscalationAt),
                PolicyVersion = Policy.Version,
            };
        }

        var recordsDue = Earlier(current.RecordsDue, (convertedAt + Policy.ExpeditedRecordsDue).ToUniversalTime());
        return current with
        {
            RecordsDue = recordsDue,
            RecordsReminder = Point(convertedAt, recordsDue, Policy.ReminderAt),
            RecordsEscalation = Point(convertedAt, recordsDue, Policy.EscalationAt),
            PolicyVersion = Policy.Version,
        };
    }

    /// <summary>
    /// The deadlines of a review remanded after the WCAB reversed a determination (LC § 4610.6(i)). The remanded dispute
    /// is a new independent medical review whose records are already in, so the review period of LC § 4610.6(d) (30 days,
    /// 3 when expedited) counts from the receipt of the remand, "the request for review and supporting documentation";
    /// the text sets no other period for it. No records deadlines: nothing is requested again.
    /// </summary>
    public CaseDeadlines RemandedReview(Priority priority, DateTimeOffset remandReceived)
    {
        var due = DeterminationDue(priority, remandReceived);
        return new CaseDeadlines
        {
            DeterminationDue = due,
            DeterminationReminder = Point(remandReceived, due, Policy.ReminderAt),
            DeterminationEscalation = Point(remandReceived, due, Policy.EscalationAt),
            PolicyVersion = Policy.Version,
        };
    }

    private static DateTimeOffset Earlier(DateTimeOffset? current, DateTimeOffset next) =>
        current is { } known && known < next ? known : next;

    /// <summary>
    /// The last day to send the notice of assignment: one business day following receipt of the Administrative
    /// Director's finding (8 CCR § 9792.10.4(b)); a finding received on a weekend or holiday counts from the next day.
    /// </summary>
    public DateOnly NoticeOfAssignmentDueDate(DateOnly findingReceived) =>
        Policy.Calendar.AddBusinessDays(findingReceived, Policy.NoticeOfAssignmentBusinessDays);

    /// <summary>The instant the notice of assignment is due: the end of its last day, California time (8 CCR § 9792.10.4(b)).</summary>
    public DateTimeOffset NoticeOfAssignmentDue(DateOnly findingReceived) =>
        PacificTime.EndOfDay(NoticeOfAssignmentDueDate(findingReceived));

    /// <summary>
    /// When the claims administrator's records are due (8 CCR § 9792.10.5(a)(1)): 15 calendar days following the mailing
    /// of the notice of assignment, 12 if it was sent electronically, or 24 hours following its receipt if expedited.
    /// </summary>
    public DateTimeOffset RecordsDue(Priority priority, DateTimeOffset noticeOfAssignment, bool noticeWasElectronic)
    {
        if (priority == Priority.Expedited)
        {
            return (noticeOfAssignment + Policy.ExpeditedRecordsDue).ToUniversalTime();
        }

        var days = noticeWasElectronic ? Policy.RecordsDueDaysElectronicNotice : Policy.RecordsDueDays;
        var lastDay = PacificTime.DateOf(noticeOfAssignment).AddDays(days);
        return PacificTime.EndOfDay(Roll(lastDay, Policy.RecordsDueRoll));
    }

    /// <summary>When the Final Determination is due.</summary>
    public DateTimeOffset DeterminationDue(Priority priority, DateTimeOffset recordsReceived)
    {
        var days = priority == Priority.Expedited ? Policy.ExpeditedDeterminationDueDays : Policy.DeterminationDueDays;
        var lastDay = PacificTime.DateOf(recordsReceived).AddDays(days);
        return PacificTime.EndOfDay(Roll(lastDay, Policy.DeterminationDueRoll));
    }

    /// <summary>The last day to authorize an overturned item: N working days after the determination is received.</summary>
    public DateOnly AuthorizationDueDate(DateOnly determinationReceived) =>
        Policy.Calendar.AddBusinessDays(determinationReceived, Policy.AuthorizationWorkingDays);

    /// <summary>The instant an overturned item's authorization is due (end of the last working day, California time).</summary>
    public DateTimeOffset AuthorizationDue(DateTimeOffset determinationReceived) =>
        PacificTime.EndOfDay(AuthorizationDueDate(PacificTime.DateOf(determinationReceived)));

    /// <summary>
    /// The day a served determination is taken as received: the mailing date plus 5 calendar days when sent by mail
    /// (8 CCR § 10605(a)(1); CCP § 1013(a)), the sending date when sent electronically, by fax or in person (CCP § 1010.6).
    /// A receipt that lands on a weekend stays there: the working days counted from it skip the weekend anyway.
    /// </summary>
    public DateOnly DeterminationReceivedOn(DateOnly mailedOn, ServiceMethod servedBy) =>
        servedBy == ServiceMethod.Mail ? mailedOn.AddDays(Policy.DeterminationReceiptDaysByMail) : mailedOn;

    /// <summary>
    /// The last day a party may answer a request for information needed for the review: 5 business days following
    /// receipt of the request (8 CCR § 9792.10.5(b), (c)), receipt counted from the sending as a served document's is
    /// (<see cref="DeterminationReceivedOn"/>: mail + 5 calendar days, 8 CCR § 10605(a)(1); electronic the same day).
    /// A receipt on a weekend or holiday counts from the next business day, as business days do.
    /// </summary>
    public DateOnly InformationResponseDueDate(DateOnly requestSentOn, ServiceMethod servedBy) =>
        Policy.Calendar.AddBusinessDays(DeterminationReceivedOn(requestSentOn, servedBy), Policy.InformationResponseBusinessDays);

    /// <summary>The instant a response to a request for information is due: the end of its last day, California time.</summary>
    public DateTimeOffset InformationResponseDue(DateTimeOffset requestSent, ServiceMethod servedBy) =>
        PacificTime.EndOfDay(InformationResponseDueDate(PacificTime.DateOf(requestSent), servedBy));

    /// <summary>
    /// The last day to authorize an overturned item not yet rendered: 5 working days of receipt of the final
    /// determination (8 CCR § 9792.10.7(a)(2)), receipt counted from the mailing as <see cref="DeterminationReceivedOn"/>.
    /// </summary>
    public DateOnly AuthorizationDueAfterService(DateOnly mailedOn, ServiceMethod servedBy) =>
        AuthorizationDueDate(DeterminationReceivedOn(mailedOn, servedBy));

    /// <summary>
    /// The last day to file an appeal of the determination with the WCAB: 30 days of the date of mailing (LC § 4610.6(h)),
    /// plus 5 for service other than personal within California (8 CCR § 10605(a)(1): mail, fax and e-mail alike), a
    /// last day on a weekend or holiday moving to the next business day (CCP § 12a).
    /// </summary>
    public DateOnly AppealLastDay(DateOnly mailedOn, ServiceMethod servedBy)
    {
        var days = Policy.AppealWindowDays + (servedBy == ServiceMethod.Personal ? 0 : Policy.AppealServiceExtensionDays);
        return Roll(mailedOn.AddDays(days), Policy.AppealWindowRoll);
    }

    /// <summary>
    /// The last day an application may be received after the UR decision was served (LC § 4610.5(h)(1)): 30 days, plus 5
    /// when served by mail, fax, e-mail or any method but personal service (8 CCR § 10605(a)(1)). An unknown service
    /// method counts as extended, the longer window, so no worker is refused on a missing field.
    /// </summary>
    public DateOnly FilingWindowLastDay(DateOnly urDecisionServed, ServiceMethod? servedBy)
    {
        var days = Policy.FilingWindowDays + (ServiceExtension.Applies(servedBy) ? Policy.ServiceExtensionDays : 0);
        return Roll(urDecisionServed.AddDays(days), Policy.FilingWindowRoll);
    }

    private DateOnly Roll(DateOnly date, DeadlineRoll roll) =>
        roll == DeadlineRoll.NextBusinessDay ? Policy.Calendar.OnOrNextBusinessDay(date) : date;

    private static DateTimeOffset? Point(DateTimeOffset? start, DateTimeOffset? due, double share)
    {
        if (start is not { } s || due is not { } d || d <= s)
        {
            return null;
        }

        // Whole seconds keep the stored instants readable and replay-stable.
        var seconds = Math.Floor((d - s).TotalSeconds * share);
        return (s + TimeSpan.FromSeconds(seconds)).ToUniversalTime();
    }
}
