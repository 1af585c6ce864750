using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Decisions;

/// <summary>One addressee of the Final Determination: the role in the case and the party's identifier.</summary>
/// <param name="Role">"administrativeDirector", "employee", "employeeAttorney", "employer", "claimsAdministrator" or "requestingPhysician".</param>
/// <param name="PartyId">The party's identifier from the case file.</param>
public sealed record DeterminationAddressee(string Role, string PartyId);

/// <summary>
/// The service of a Final Determination: to whom it goes, when it was mailed, when it counts as received and the last day
/// to appeal; and the cover notice that goes with the letter (the letter itself keeps its published layout).
/// </summary>
public sealed record DeterminationService
{
    /// <summary>The Administrative Director's identifier as an addressee.</summary>
    public const string AdministrativeDirector = "administrative-director";

    /// <summary>The California date it was mailed (or sent).</summary>
    public required DateOnly MailedOn { get; init; }

    /// <summary>How it was sent.</summary>
    public required ServiceMethod ServedBy { get; init; }

    /// <summary>The addressees, the AD first.</summary>
    public required IReadOnlyList<DeterminationAddressee> Addressees { get; init; }

    /// <summary>The day it counts as received (8 CCR § 9792.10.7(a); 8 CCR § 10605(a)(1)).</summary>
    public required DateOnly ReceivedOn { get; init; }

    /// <summary>The last day to file an appeal with the WCAB (LC § 4610.6(h); 8 CCR § 10605(a)(1)).</summary>
    public required DateOnly AppealDue { get; init; }

    /// <summary>The days of the appeal window before any extension for the manner of service (LC § 4610.6(h)).</summary>
    public required int AppealWindowDays { get; init; }

    /// <summary>
    /// The service of a determination mailed on <paramref name="mailedOn"/>: to the AD and to each party, the employee's
    /// attorney only when the employee is represented (LC § 4610.6; the parties of 8 CCR § 9792.10.4(b) and the claims
    /// administrator), with the receipt and appeal dates of <paramref name="clock"/>.
    /// </summary>
    public static DeterminationService For(CaseParties parties, DateOnly mailedOn, ServiceMethod servedBy, StatutoryClock clock)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(clock);
        var addressees = new List<DeterminationAddressee> { new("administrativeDirector", AdministrativeDirector) };
        addressees.AddRange(new (string Role, Party? Party)[]
            {
                ("employee", parties.Employee),
                ("employeeAttorney", parties.EmployeeAttorney),
                ("employer", parties.Employer),
                ("claimsAdministrator", parties.ClaimsAdministrator),
                ("requestingPhysician", parties.RequestingProvider),
            }
            .Where(a => !string.IsNullOrWhiteSpace(a.Party?.Id))
            .Select(a => new DeterminationAddressee(a.Role, a.Party!.Id!)));
        return new DeterminationService
        {
            MailedOn = mailedOn,
            ServedBy = servedBy,
            Addressees = addressees,
            ReceivedOn = clock.DeterminationReceivedOn(mailedOn, servedBy),
            AppealDue = clock.AppealLastDay(mailedOn, servedBy),
            AppealWindowDays = clock.Policy.AppealWindowDays,
        };
    }

    /// <summary>
    /// The cover notice sent with the letter: its mailing, its binding effect and the right to appeal, with the last day.
    /// No names and no clinical text, so it may travel on the notifications queue.
    /// </summary>
    public string CoverNotice(CaseNumber caseNumber) => string.Create(
        CultureInfo.InvariantCulture,
        $"Final Determination {caseNumber}, mailed {MailedOn:yyyy-MM-dd} (servedBy={ServedBy}). It is the determination of the Administrative Director and binds the parties (LC § 4610.6). "
        + $"A party may appeal it by a verified petition filed with the Workers' Compensation Appeals Board within {AppealWindowDays} days of the date of mailing (LC § 4610.6(h)), "
        + $"extended for service by mail or electronically (8 CCR § 10605(a)(1)): the last day is {AppealDue:yyyy-MM-dd}.");
}
