using Imr.Domain.Clock;

namespace Imr.Domain.Cases;

/// <summary>
/// The filing window of LC § 4610.5(h)(1): an application received too late makes the case Ineligible (not Rejected),
/// so this check is separate from <see cref="CaseFileValidator"/>.
/// </summary>
public static class ApplicationWindow
{
    /// <summary>
    /// Null when the application was filed in time (or the dates needed are missing, which validation reports);
    /// otherwise the problem, on <c>$.dates.applicationReceived</c>, with the last day it could have been filed.
    /// </summary>
    public static ValidationProblem? Check(CaseFile caseFile, StatutoryClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        clock ??= StatutoryClock.Current;
        if (caseFile.Dates is not { UrDecisionServed: { } served, ApplicationReceived: { } received } dates)
        {
            return null;
        }

        var lastDay = clock.FilingWindowLastDay(served, dates.UrDecisionServedBy);
        if (received <= lastDay)
        {
            return null;
        }

        var extended = ServiceExtension.Applies(dates.UrDecisionServedBy);
        var window = clock.Policy.FilingWindowDays + (extended ? clock.Policy.ServiceExtensionDays : 0);
        var basis = extended
            ? FormattableString.Invariant($" ({clock.Policy.FilingWindowDays} days plus {clock.Policy.ServiceExtensionDays} for {ServiceExtension.Describe(dates.UrDecisionServedBy)}, 8 CCR § 10605(a)(1))")
            : " (personal service: no extension)";
        return new ValidationProblem(
            "$.dates.applicationReceived",
            FormattableString.Invariant(
                $"The application was received on {received:yyyy-MM-dd}, after the last day to file, {lastDay:yyyy-MM-dd}: {window} days from service of the UR decision on {served:yyyy-MM-dd}{basis} (LC § 4610.5(h)(1); policy {clock.Policy.Version})."));
    }
}
