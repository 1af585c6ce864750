using System.Globalization;
using Imr.Domain.Clock;
using Codes = Imr.Domain.Reviewers.EligibilityReasonCodes;

namespace Imr.Domain.Reviewers;

/// <summary>
/// Holds an active, unrestricted license that has not expired (LC § 139.5): in California under the default policy, in
/// any state under <see cref="ReviewerLicensing.AnyStateCaliforniaPreferred"/>.
/// </summary>
public sealed class LicenseRule : EligibilityRule
{
    /// <summary>True when the license counts under the context's policy on the context's date.</summary>
    public static bool Qualifies(License? license, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return license is not null && license.Status == LicenseStatus.Active && license.Expires >= context.On && InScope(license, context);
    }

    /// <summary>True when the reviewer holds a current, active California license (ranked first under the wider policy).</summary>
    public static bool HoldsCaliforniaLicense(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var licenses = reviewer.Licenses;
        for (var i = 0; i < (licenses?.Count ?? 0); i++)
        {
            var license = licenses![i];
            if (license is not null && IsCalifornia(license) && license.Status == LicenseStatus.Active && license.Expires >= context.On)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var licenses = reviewer.Licenses;
        License? best = null;
        for (var i = 0; i < (licenses?.Count ?? 0); i++)
        {
            var license = licenses![i];
            if (Qualifies(license, context))
            {
                return null;
            }

            if (license is not null && InScope(license, context) && (best is null || license.Expires > best.Expires))
            {
                best = license;
            }
        }

        return best is null ? Codes.NoLicense : best.Status != LicenseStatus.Active ? Codes.LicenseNotActive : Codes.LicenseExpired;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        if (Refusal(reviewer, context) is null)
        {
            return [];
        }

        var californiaOnly = context.Policy.ReviewerLicensing == ReviewerLicensing.California;
        var which = californiaOnly ? "California license" : "license";
        License? best = null;
        foreach (var license in reviewer.Licenses ?? [])
        {
            // Registry rows come from storage: a missing list or entry is read as "none", never a crash of the whole choice.
            // Explain with the most recent license in scope: the one the reviewer would renew.
            if (license is not null && InScope(license, context) && (best is null || license.Expires > best.Expires))
            {
                best = license;
            }
        }

        if (best is null)
        {
            return [new(Codes.NoLicense, californiaOnly
                ? $"Holds no California license (policy {context.Policy.Version} requires one)."
                : "Holds no license in any state.")];
        }

        var reasons = new List<EligibilityReason>(2);
        if (best.Status != LicenseStatus.Active)
        {
            reasons.Add(new(Codes.LicenseNotActive, $"The {which} is {best.Status.ToString().ToLowerInvariant()}, not active and unrestricted."));
        }

        if (best.Expires < context.On)
        {
            reasons.Add(new(Codes.LicenseExpired, string.Create(CultureInfo.InvariantCulture, $"The {which} expired on {best.Expires:yyyy-MM-dd}.")));
        }

        return reasons;
    }

    private static bool InScope(License license, EligibilityContext context) =>
        context.Policy.ReviewerLicensing != ReviewerLicensing.California || IsCalifornia(license);

    private static bool IsCalifornia(License license) =>
        license.State is { } state && (string.Equals(state, "CA", StringComparison.OrdinalIgnoreCase) || string.Equals(state.Trim(), "CA", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Qualified in the same or a similar specialty as the case (LC § 139.5): a physician (M.D. or D.O.) by a current board
/// certification; any other licensed reviewer (a chiropractor, acupuncturist, psychologist...) by the license's own
/// specialty (<see cref="LicenseTypes.Specialty"/>).
/// </summary>
public sealed class BoardCertificationRule : EligibilityRule
{
    /// <summary>The best fit the reviewer is qualified in on the context's date: certifications for a physician, licenses for others.</summary>
    public static SpecialtyFit BestCurrentFit(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var (physician, best) = LicenseFit(reviewer, context);
        if (physician)
        {
            var certifications = reviewer.Certifications;
            for (var i = 0; i < (certifications?.Count ?? 0); i++)
            {
                var certification = certifications![i];
                if (certification is not null && certification.Expires >= context.On)
                {
                    var fit = context.FitOf(certification.Specialty);
                    if (fit > best)
                    {
                        best = fit;
                    }
                }
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        if (BestCurrentFit(reviewer, context) != SpecialtyFit.None)
        {
            return null;
        }

        if (!LicenseFit(reviewer, context).Physician)
        {
            return Codes.LicenseSpecialtyDoesNotFit;
        }

        var certifications = reviewer.Certifications;
        var any = false;
        for (var i = 0; i < (certifications?.Count ?? 0); i++)
        {
            if (certifications![i] is { } c)
            {
                any = true;
                if (c.Expires < context.On && context.FitOf(c.Specialty) != SpecialtyFit.None)
                {
                    return Codes.CertificationExpired;
                }
            }
        }

        return any ? Codes.SpecialtyDoesNotFit : Codes.NoCertification;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        var code = Refusal(reviewer, context);
        if (code is null)
        {
            return [];
        }

        var fits = context.NeededSpecialtiesText.Length == 0
            ? $"the case's conditions and items match no row of specialty-fit table {context.Table.Version}, so no specialty can be shown to fit; the table needs a row for them"
            : $"fits: {context.NeededSpecialtiesText}; table {context.Table.Version}";
        if (code == Codes.LicenseSpecialtyDoesNotFit)
        {
            var held = string.Join(", ", LicenseTypesHeld(reviewer, context).Select(t => $"{t.ToString().ToLowerInvariant()} ({t.Specialty()})"));
            return [new(code, $"Licensed as {held}; not the same or a similar specialty for this case ({fits}).")];
        }

        if (code == Codes.NoCertification)
        {
            return [new(code, "A physician (M.D. or D.O.) reviewer must hold a board certification; holds none.")];
        }

        var certifications = (reviewer.Certifications ?? []).Where(c => c is not null).ToList();
        if (code == Codes.CertificationExpired)
        {
            var lapsed = certifications
                .Where(c => c.Expires < context.On && context.FitOf(c.Specialty) != SpecialtyFit.None)
                .OrderByDescending(c => c.Expires)
                .First();
            return [new(code, string.Create(CultureInfo.InvariantCulture, $"The board certification in {lapsed.Specialty} expired on {lapsed.Expires:yyyy-MM-dd}."))];
        }

        var names = string.Join(", ", certifications.Select(c => c.Specialty).Distinct(StringComparer.OrdinalIgnoreCase));
        return [new(code, context.NeededSpecialtiesText.Length == 0
            ? $"Board certified in {names}, but {fits}."
            : $"Board certified in {names}; none is the same or a similar specialty for this case ({fits}).")];
    }

    // Whether a physician's license is among those that count, and the best fit of the other licenses' own specialties.
    // Licenses that count are the current ones in the policy's scope; with none (the license rule refuses then), all held,
    // so a reviewer is still explained as the profession they are; with no license at all, a physician.
    private static (bool Physician, SpecialtyFit Fit) LicenseFit(Reviewer reviewer, EligibilityContext context)
    {
        var licenses = reviewer.Licenses;
        var count = licenses?.Count ?? 0;
        var anyCurrent = false;
        for (var i = 0; i < count && !anyCurrent; i++)
        {
            anyCurrent = LicenseRule.Qualifies(licenses![i], context);
        }

        var physician = false;
        var any = false;
        var fit = SpecialtyFit.None;
        for (var i = 0; i < count; i++)
        {
            var license = licenses![i];
            if (license is null || (anyCurrent && !LicenseRule.Qualifies(license, context)))
            {
                continue;
            }

            any = true;
            if (license.Type.Specialty() is { } specialty)
            {
                var f = context.FitOf(specialty);
                fit = f > fit ? f : fit;
            }
            else
            {
                physician = true;
            }
        }

        return (physician || !any, fit);
    }

    private static IEnumerable<LicenseType> LicenseTypesHeld(Reviewer reviewer, EligibilityContext context)
    {
        var held = (reviewer.Licenses ?? []).Where(l => l is not null).ToList();
        var current = held.Where(l => LicenseRule.Qualifies(l, context)).ToList();
        return (current.Count > 0 ? current : held).Select(l => l.Type).Where(t => !t.NeedsBoardCertification()).Distinct();
    }
}

/// <summary>In active practice more than five years and at least 24 clinical hours a week (8 CCR § 9792.10.6).</summary>
public sealed class ActivePracticeRule : EligibilityRule
{
    /// <summary>Years must be MORE than this.</summary>
    public const decimal MinimumYearsExclusive = 5m;

    /// <summary>Hours a week must be AT LEAST this.</summary>
    public const decimal MinimumWeeklyHours = 24m;

    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        return reviewer.YearsInActivePractice <= MinimumYearsExclusive ? Codes.TooFewYearsInPractice
            : reviewer.ClinicalHoursPerWeek < MinimumWeeklyHours ? Codes.TooFewClinicalHours
            : null;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        if (Refusal(reviewer, context) is null)
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
/// No material professional, familial or financial affiliation with the case's parties as LC § 139.5 lists them that a
/// case file carries: the employee and the employee's attorney, the employer, the claims administrator, the UR reviewer
/// and UR organization, the requesting and treating providers, the facility where the treatment would be given, and the
/// maker of the drug or device at issue. Party ids match exactly, organization names case-insensitively.
/// </summary>
public sealed class NoConflictOfInterestRule : EligibilityRule
{
    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var affiliations = reviewer.Affiliations;
        for (var i = 0; i < (affiliations?.Count ?? 0); i++)
        {
            if (affiliations![i] is not { } affiliation)
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(affiliation.PartyId) && context.RoleOfPartyId(affiliation.PartyId) is not null)
            {
                return Codes.AffiliatedWithParty;
            }

            if (!string.IsNullOrWhiteSpace(affiliation.Organization) && context.RoleOfOrganization(affiliation.Organization) is not null)
            {
                return Codes.AffiliatedWithOrganization;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        if (Refusal(reviewer, context) is null)
        {
            return [];
        }

        List<EligibilityReason> reasons = [];
        HashSet<string> roles = new(StringComparer.Ordinal);
        foreach (var affiliation in reviewer.Affiliations ?? [])
        {
            if (affiliation is null)
            {
                continue;
            }

            // Messages name the role only: a party's name or id may identify the injured worker.
            if (!string.IsNullOrWhiteSpace(affiliation.PartyId) && context.RoleOfPartyId(affiliation.PartyId) is { } role && roles.Add(role))
            {
                reasons.Add(new(Codes.AffiliatedWithParty, $"Affiliated with {role} of this case (LC § 139.5)."));
            }

            if (!string.IsNullOrWhiteSpace(affiliation.Organization) && context.RoleOfOrganization(affiliation.Organization) is { } orgRole && roles.Add(orgRole))
            {
                reasons.Add(new(Codes.AffiliatedWithOrganization, $"Affiliated with an organization that is {orgRole} of this case (LC § 139.5)."));
            }
        }

        return reasons;
    }
}

/// <summary>Has not reviewed this case before, so a reassignment goes to someone else.</summary>
public sealed class NotReviewedBeforeRule : EligibilityRule
{
    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        return context.PreviousReviewerIds.Count > 0 && context.PreviousReviewerIds.Contains(reviewer.Id) ? Codes.ReviewedBefore : null;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context) =>
        Refusal(reviewer, context) is null ? [] : [new(Codes.ReviewedBefore, "Already had this case; a reassignment goes to another reviewer.")];
}

/// <summary>Active and below capacity.</summary>
public sealed class AvailabilityRule : EligibilityRule
{
    /// <inheritdoc />
    public override string? Refusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        return reviewer.Status != ReviewerStatus.Active ? Codes.NotActive
            : reviewer.CurrentCaseload >= reviewer.Capacity ? Codes.AtCapacity
            : null;
    }

    /// <inheritdoc />
    public override IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context)
    {
        if (Refusal(reviewer, context) is null)
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
