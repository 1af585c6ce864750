namespace Imr.Domain.Clock;

/// <summary>What happens when a calendar-day deadline lands on a weekend or holiday.</summary>
public enum DeadlineRoll
{
    /// <summary>The deadline stays on its calendar day.</summary>
    None,

    /// <summary>The deadline moves to the next business day.</summary>
    NextBusinessDay,
}

/// <summary>Which licenses qualify a reviewer.</summary>
public enum ReviewerLicensing
{
    /// <summary>An active, unrestricted California license (the design card's rule; stricter than the statute).</summary>
    California,

    /// <summary>
    /// An active, unrestricted license in any state, with California licensees ranked first among reviewers of the same
    /// specialty fit (LC § 139.5: a nonrestricted license in any state; preference to a California licensee).
    /// </summary>
    AnyStateCaliforniaPreferred,
}

/// <summary>
/// The statutory numbers the system applies, in ONE versioned object that cites its sources. A case records the
/// <see cref="Version"/> it was judged under, so a later change of policy never silently re-judges an old case.
/// Days are calendar days unless a member says working days.
/// </summary>
public sealed record StatutoryPolicy
{
    /// <summary>Version label, e.g. "2026.1"; stored with every case.</summary>
    public required string Version { get; init; }

    /// <summary>The statutes and regulations the numbers come from.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>
    /// The notice of assignment goes to the parties within this many business days following receipt of the
    /// Administrative Director's finding that the dispute is eligible (8 CCR § 9792.10.4(b)).
    /// </summary>
    public int NoticeOfAssignmentBusinessDays { get; init; }

    /// <summary>Records due this many days after the notice of assignment was mailed (8 CCR § 9792.10.5(a)(1)).</summary>
    public int RecordsDueDays { get; init; }

    /// <summary>Records due this many days after an electronically sent notice (8 CCR § 9792.10.5(a)(1)).</summary>
    public int RecordsDueDaysElectronicNotice { get; init; }

    /// <summary>Expedited: records due this long after the notice is received (8 CCR § 9792.10.5(a)(1)).</summary>
    public TimeSpan ExpeditedRecordsDue { get; init; }

    /// <summary>Determination due this many days after the records are received (LC § 4610.6(d)).</summary>
    public int DeterminationDueDays { get; init; }

    /// <summary>Expedited: determination due this many days after the records are received (LC § 4610.6(d)).</summary>
    public int ExpeditedDeterminationDueDays { get; init; }

    /// <summary>
    /// A party answers the IMR organization's request for information needed for the review within this many business
    /// days following receipt of the request (8 CCR § 9792.10.5(b), (c)). The request does not extend the determination
    /// deadline: no text gives an extension.
    /// </summary>
    public int InformationResponseBusinessDays { get; init; }

    /// <summary>Share of each interval after which a reminder goes out (0..1).</summary>
    public double ReminderAt { get; init; }

    /// <summary>Share of each interval after which the case is escalated (0..1).</summary>
    public double EscalationAt { get; init; }

    /// <summary>An overturned item is authorized within this many working days (8 CCR § 9792.10.7(a)(2)).</summary>
    public int AuthorizationWorkingDays { get; init; }

    /// <summary>The application must be filed within this many days of service of the UR decision (LC § 4610.5(h)(1)).</summary>
    public int FilingWindowDays { get; init; }

    /// <summary>
    /// Days added to the filing window when the UR decision was served by mail, fax, e-mail or any method but personal
    /// service, to an address within California (8 CCR § 10605(a)(1)).
    /// </summary>
    public int ServiceExtensionDays { get; init; }

    /// <summary>Whether a standard records-due date that lands on a weekend or holiday moves to the next business day.</summary>
    public DeadlineRoll RecordsDueRoll { get; init; }

    /// <summary>Whether a determination due date that lands on a weekend or holiday moves (the IMRO's own deadline).</summary>
    public DeadlineRoll DeterminationDueRoll { get; init; }

    /// <summary>Whether the last day of the filing window moves to the next business day.</summary>
    public DeadlineRoll FilingWindowRoll { get; init; }

    /// <summary>Which licenses qualify a reviewer (LC § 139.5).</summary>
    public ReviewerLicensing ReviewerLicensing { get; init; }

    /// <summary>
    /// A determination sent by mail is taken as received this many calendar days after its mailing, the five days
    /// 8 CCR § 10605(a)(1) and CCP § 1013(a) give for mail within California; one sent electronically is received the day
    /// it is sent (CCP § 1010.6). Receipt starts the claims administrator's duties (8 CCR § 9792.10.7(a)).
    /// </summary>
    public int DeterminationReceiptDaysByMail { get; init; }

    /// <summary>An appeal to the WCAB is filed within this many days of the mailing of the determination (LC § 4610.6(h)).</summary>
    public int AppealWindowDays { get; init; }

    /// <summary>
    /// Days added to the appeal window for a determination served other than personally, by mail or electronically, to an
    /// address within California (8 CCR § 10605(a)(1); the WCAB en banc in Matute, 2015).
    /// </summary>
    public int AppealServiceExtensionDays { get; init; }

    /// <summary>Whether the last day to appeal moves to the next business day (CCP §§ 12a, 13; 8 CCR § 10600).</summary>
    public DeadlineRoll AppealWindowRoll { get; init; }

    /// <summary>The business-day calendar for working days and rolls.</summary>
    public required BusinessCalendar Calendar { get; init; }

    /// <summary>
    /// The holidays that are not business days: the official state holidays on the Department of Human Resources' list,
    /// which LC § 4600.4(b) names as the days a "normal business day" excludes, besides Saturday and Sunday. Holidays in
    /// Gov. Code § 6700 on which state offices stay open (Lincoln Day, Native American Day, Juneteenth, ...) are business
    /// days. Computed for any year.
    /// </summary>
    public static BusinessCalendar CaliforniaStateHolidays { get; } = new(
        "California state holidays, CalHR list (LC § 4600.4(b); policy 2026.1)",
        [
            new("New Year's Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853", HolidayRule.Fixed(1, 1), WeekendObservance.SundayToMonday),
            new("Dr. Martin Luther King, Jr. Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853 (third Monday in January)", HolidayRule.Nth(3, DayOfWeek.Monday, 1), WeekendObservance.None),
            new("Presidents' Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853 (third Monday in February)", HolidayRule.Nth(3, DayOfWeek.Monday, 2), WeekendObservance.None),
            new("Cesar Chavez Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853", HolidayRule.Fixed(3, 31), WeekendObservance.SundayToMonday),
            new("Memorial Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853 (last Monday in May)", HolidayRule.Last(DayOfWeek.Monday, 5), WeekendObservance.None),
            new("Independence Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853", HolidayRule.Fixed(7, 4), WeekendObservance.SundayToMonday),
            new("Labor Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853 (first Monday in September)", HolidayRule.Nth(1, DayOfWeek.Monday, 9), WeekendObservance.None),
            new("Veterans Day", "LC § 4600.4(b); Gov. Code §§ 6700, 6701, 19853", HolidayRule.Fixed(11, 11), WeekendObservance.SundayToMondaySaturdayToFriday),
            new("Thanksgiving Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853 (fourth Thursday in November)", HolidayRule.Nth(4, DayOfWeek.Thursday, 11), WeekendObservance.None),
            new("Day after Thanksgiving", "LC § 4600.4(b); Gov. Code § 19853", year => PacificTime.NthWeekday(year, 11, DayOfWeek.Thursday, 4).AddDays(1), WeekendObservance.None),
            new("Christmas Day", "LC § 4600.4(b); Gov. Code §§ 6700, 19853", HolidayRule.Fixed(12, 25), WeekendObservance.SundayToMonday),
        ]);

    /// <summary>The policy in force (declared after the calendar it uses: static initializers run in order).</summary>
    public static StatutoryPolicy Current { get; } = CreateV2026_1();

    /// <summary>
    /// 2026.1 with the statute's wider license rule: any state, California preferred in ranking (LC § 139.5). A case
    /// judged under it records this version, so it keeps the rule for life like any other policy number.
    /// </summary>
    public static StatutoryPolicy AnyStateLicense { get; } = Current with
    {
        Version = "2026.1-any-state-license",
        Sources = [.. Current.Sources, "Labor Code § 139.5 (reviewer: a nonrestricted license in any state; preference to a California licensee)"],
        ReviewerLicensing = ReviewerLicensing.AnyStateCaliforniaPreferred,
    };

    /// <summary>Every policy this build knows, by version: the current one and its options.</summary>
    public static IReadOnlyList<StatutoryPolicy> Known { get; } = [Current, AnyStateLicense];

    private static StatutoryPolicy CreateV2026_1() => new()
    {
        Version = "2026.1",
        Sources =
        [
            "Labor Code § 4610.5 (eligibility for IMR; filing within 30 days of service of the UR decision, subd. (h)(1))",
            "Labor Code § 4610.6 (determination within 30 days, or 3 days if expedited, of receipt of the records, subd. (d))",
            "Labor Code § 4600.4(b) (a normal business day excludes Saturday, Sunday, a day the Governor declares an official state holiday and a holiday on the Department of Human Resources' list)",
            "8 CCR §§ 9792.10.1–9792.10.9 (IMR: application, assignment, records, determination, implementation)",
            "8 CCR § 9792.10.3 (the Administrative Director decides eligibility and assigns the dispute to the IMR organization)",
            "8 CCR § 9792.10.4(b) (notice of assignment to the employer, the employee, the employee's attorney and the requesting physician within one business day following receipt of the finding)",
            "8 CCR § 9792.10.5(a)(1) (records: 15 days after the notice of assignment, 12 if sent electronically, 24 hours if expedited)",
            "8 CCR § 9792.10.5(b), (c) (the IMR organization may request information needed for the review, copied to the parties; answered within 5 business days following receipt of the request)",
            "8 CCR § 9792.10.7(a)(2) (authorize an overturned service within 5 working days of receipt of the determination)",
            "8 CCR § 10605(a)(1) (five days added for service by mail, fax, e-mail or any method other than personal service, to a California address)",
            "Code Civ. Proc. §§ 12, 12a and Civ. Code §§ 10, 11 (a last day that is a holiday or weekend extends to the next business day)",
            "Gov. Code §§ 6700, 6701, 19853 (the holidays on that list and their observed dates)",
            "Labor Code § 139.5 (reviewer qualifications and conflicts of interest); the design card's California license",
            "Labor Code § 4610.6(h) (the determination binds the parties; an appeal is filed with the WCAB within 30 days of the date of mailing of the determination)",
            "8 CCR § 10605(a)(1) (five calendar days added when a document is served by mail, fax, e-mail or any method other than personal service within California)",
            "8 CCR § 10575(c) (the petition appealing an IMR determination is filed no later than 30 days after its service)",
        ],
        NoticeOfAssignmentBusinessDays = 1,
        RecordsDueDays = 15,
        RecordsDueDaysElectronicNotice = 12,
        ExpeditedRecordsDue = TimeSpan.FromHours(24),
        DeterminationDueDays = 30,
        ExpeditedDeterminationDueDays = 3,
        InformationResponseBusinessDays = 5,
        ReminderAt = 0.5,
        EscalationAt = 0.8,
        AuthorizationWorkingDays = 5,
        FilingWindowDays = 30,
        ServiceExtensionDays = 5,
        // The records are the claims administrator's act: CCP § 12a gives it the next business day.
        RecordsDueRoll = DeadlineRoll.NextBusinessDay,
        // The determination is our own duty: we meet the calendar day, so a roll could never make us late.
        DeterminationDueRoll = DeadlineRoll.None,
        // The filing is the injured worker's act: CCP § 12a gives the next business day, so no worker is refused early.
        FilingWindowRoll = DeadlineRoll.NextBusinessDay,
        // The design card asks for a California license; AnyStateLicense is the statute's wider option.
        ReviewerLicensing = ReviewerLicensing.California,
        DeterminationReceiptDaysByMail = 5,
        AppealWindowDays = 30,
        AppealServiceExtensionDays = 5,
        // The appeal is a party's act: CCP § 12a gives the next business day, so no party is told a day too early.
        AppealWindowRoll = DeadlineRoll.NextBusinessDay,
        Calendar = CaliforniaStateHolidays,
    };
}
