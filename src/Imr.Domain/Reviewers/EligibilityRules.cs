using System.Globalization;
using Codes = Imr.Domain.Reviewers.EligibilityReasonCodes;

namespace Imr.Domain.Reviewers;

/// <summary>Holds an active, unrestricted California license that has not expired (LC § 4610.6(e)).</summary>
public sealed class CaliforniaLicenseRule : EligibilityRule
{
    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        License? best = null;
        foreach (var license in reviewer.Licenses ?? [])
        {
            // Registry rows come from storage: a missing list or entry is read as "none", never a crash of the whole choice.
            if (license is null || !string.Equals(license.State?.Trim(), "CA", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (license.Status == LicenseStatus.Active && license.Expires >= context.On)
            {
                return [];
            }

            // Explain with the most recent California license: the one the reviewer would renew.
            if (best is null || license.Expires > best.Expires)
            {
                best = license;
            }
        }

        if (best is null)
        {
            return [new(Codes.NoCaliforniaLicense, "Holds no California medical license.")];
        }

        var reasons = new List<EligibilityReason>(2);
        if (best.Status != LicenseStatus.Active)
        {
            reasons.Add(new(Codes.LicenseNotActive, $"The California license is {best.Status.ToString().ToLowerInvariant()}, not active and unrestricted."));
        }

        if (best.Expires < context.On)
        {
            reasons.Add(new(Codes.LicenseExpired, Invariant($"The California license expired on {best.Expires:yyyy-MM-dd}.")));
        }

        return reasons;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Holds a current board certification in the same or a similar specialty as the case (LC § 4610.6(e)).</summary>
public sealed class BoardCertificationRule : EligibilityRule
{
    /// <summary>The best fit among certifications that are current on the context's date.</summary>
    public static SpecialtyFit BestCurrentFit(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var best = SpecialtyFit.None;
        foreach (var certification in reviewer.Certifications ?? [])
        {
            if (certification is not null && certification.Expires >= context.On)
            {
                var fit = context.FitOf(certification.Specialty);
                if (fit > best)
                {
                    best = fit;
                }
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        if (BestCurrentFit(reviewer, context) != SpecialtyFit.None)
        {
            return [];
        }

        var certifications = (reviewer.Certifications ?? []).Where(c => c is not null).ToList();
        if (certifications.Count == 0)
        {
            return [new(Codes.NoCertification, "Holds no board certification.")];
        }

        var lapsed = certifications
            .Where(c => c.Expires < context.On && context.FitOf(c.Specialty) != SpecialtyFit.None)
            .OrderByDescending(c => c.Expires)
            .FirstOrDefault();
        if (lapsed is not null)
        {
            return [new(Codes.CertificationExpired, string.Create(CultureInfo.InvariantCulture, $"The board certification in {lapsed.Specialty} expired on {lapsed.Expires:yyyy-MM-dd}."))];
        }

        var held = certifications.Count == 1
            ? certifications[0].Specialty
            : string.Join(", ", certifications.Select(c => c.Specialty).Distinct(StringComparer.OrdinalIgnoreCase));
        var message = context.NeededSpecialtiesText.Length == 0
            ? $"The case's conditions and items match no row of specialty-fit table {context.Table.Version}, so no specialty can be shown to fit; the table needs a row for them."
            : $"Board certified in {held}; none is the same or a similar specialty for this case (fits: {context.NeededSpecialtiesText}; table {context.Table.Version}).";
        return [new(Codes.SpecialtyDoesNotFit, message)];
    }
}

/// <summary>In active practice more than five years and at least 24 clinical hours a week (LC § 4610.6(e); 8 CCR § 9792.10.6).</summary>
public sealed class ActivePracticeRule : EligibilityRule
{
    /// <summary>Years must be MORE than this.</summary>
    public const decimal MinimumYearsExclusive = 5m;

    /// <summary>Hours a week must be AT LEAST this.</summary>
    public const decimal MinimumWeeklyHours = 24m;

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (reviewer.YearsInActivePractice > MinimumYearsExclusive && reviewer.ClinicalHoursPerWeek >= MinimumWeeklyHours)
        {
            return [];
        }

        var reasons = new List<EligibilityReason>(2);
        if (reviewer.YearsInActivePractice <= MinimumYearsExclusive)
        {
            reasons.Add(new(Codes.TooFewYearsInPractice, string.Create(CultureInfo.InvariantCulture, $"In active practice {reviewer.YearsInActivePractice:0.#} years; more than {MinimumYearsExclusive:0} are required.")));
        }

        if (reviewer.ClinicalHoursPerWeek < MinimumWeeklyHours)
        {
            reasons.Add(new(Codes.TooFewClinicalHours, string.Create(CultureInfo.InvariantCulture, $"Works {reviewer.ClinicalHoursPerWeek:0.#} clinical hours a week; at least {MinimumWeeklyHours:0} are required.")));
        }

        return reasons;
    }
}

/// <summary>
/// No affiliation with the employee, the employer, any provider, the claims administrator, or the UR reviewer or
/// organization: party ids match exactly, organization names case-insensitively (LC § 4610.6(f); 8 CCR § 9792.10.6).
/// </summary>
public sealed class NoConflictOfInterestRule : EligibilityRule
{
    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        if (reviewer.Affiliations is not { Count: > 0 } affiliations)
        {
            return [];
        }

        List<EligibilityReason>? reasons = null;
        HashSet<string>? roles = null;
        foreach (var affiliation in affiliations)
        {
            if (affiliation is null)
            {
                continue;
            }

            // Messages name the role only: a party's name or id may identify the injured worker.
            if (!string.IsNullOrWhiteSpace(affiliation.PartyId) && context.RoleOfPartyId(affiliation.PartyId) is { } role && (roles ??= new(StringComparer.Ordinal)).Add(role))
            {
                (reasons ??= []).Add(new(Codes.AffiliatedWithParty, $"Affiliated with {role} of this case."));
            }

            if (!string.IsNullOrWhiteSpace(affiliation.Organization) && context.RoleOfOrganization(affiliation.Organization) is { } orgRole && (roles ??= new(StringComparer.Ordinal)).Add(orgRole))
            {
                (reasons ??= []).Add(new(Codes.AffiliatedWithOrganization, $"Affiliated with an organization that is {orgRole} of this case."));
            }
        }

        return reasons ?? [];
    }
}

/// <summary>Has not reviewed this case before, so a reassignment goes to someone else.</summary>
public sealed class NotReviewedBeforeRule : EligibilityRule
{
    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        return context.PreviousReviewerIds.Contains(reviewer.Id)
            ? [new(Codes.ReviewedBefore, "Already had this case; a reassignment goes to another reviewer.")]
            : [];
    }
}

/// <summary>Active and below capacity.</summary>
public sealed class AvailabilityRule : EligibilityRule
{
    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (reviewer.Status == ReviewerStatus.Active && reviewer.CurrentCaseload < reviewer.Capacity)
        {
            return [];
        }

        var reasons = new List<EligibilityReason>(2);
        if (reviewer.Status != ReviewerStatus.Active)
        {
            reasons.Add(new(Codes.NotActive, $"Not taking cases (status {reviewer.Status})."));
        }

        if (reviewer.CurrentCaseload >= reviewer.Capacity)
        {
            reasons.Add(new(Codes.AtCapacity, string.Create(CultureInfo.InvariantCulture, $"At capacity: {reviewer.CurrentCaseload} open cases of {reviewer.Capacity}.")));
        }

        return reasons;
    }
}
