using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Domain.Reviewers;

/// <summary>Why a reviewer may not take a case: a stable code for programs and a plain message for people.</summary>
/// <param name="Code">Stable code, one of <see cref="EligibilityReasonCodes"/>.</param>
/// <param name="Message">Plain-language reason; names roles, never the parties' names or health details.</param>
public sealed record EligibilityReason(string Code, string Message);

/// <summary>The codes an <see cref="EligibilityReason"/> can carry.</summary>
public static class EligibilityReasonCodes
{
    /// <summary>No license the policy accepts at all (in California under the default policy).</summary>
    public const string NoLicense = "license.none";

    /// <summary>The license is restricted, suspended, revoked or inactive.</summary>
    public const string LicenseNotActive = "license.not-active";

    /// <summary>The license has expired.</summary>
    public const string LicenseExpired = "license.expired";

    /// <summary>A physician (M.D. or D.O.) with no board certification at all.</summary>
    public const string NoCertification = "certification.none";

    /// <summary>A non-physician licensee whose license's own specialty does not fit the case.</summary>
    public const string LicenseSpecialtyDoesNotFit = "qualification.license-specialty";

    /// <summary>The only fitting certification has lapsed.</summary>
    public const string CertificationExpired = "certification.expired";

    /// <summary>No current certification in the same or a similar specialty.</summary>
    public const string SpecialtyDoesNotFit = "certification.specialty";

    /// <summary>Not more than five years in active practice.</summary>
    public const string TooFewYearsInPractice = "practice.years";

    /// <summary>Fewer than 24 clinical hours a week.</summary>
    public const string TooFewClinicalHours = "practice.hours";

    /// <summary>Affiliated with a party to the case as LC § 139.5 lists them (matched by party id).</summary>
    public const string AffiliatedWithParty = "conflict.party";

    /// <summary>Affiliated with an organization that is a party (matched by name).</summary>
    public const string AffiliatedWithOrganization = "conflict.organization";

    /// <summary>Reviewed this case before.</summary>
    public const string ReviewedBefore = "case.reviewed-before";

    /// <summary>Not taking cases (paused).</summary>
    public const string NotActive = "availability.paused";

    /// <summary>Caseload at or above capacity.</summary>
    public const string AtCapacity = "availability.at-capacity";
}

/// <summary>
/// Everything about one case that eligibility needs, computed once so that checking 10,000 reviewers repeats no work.
/// Not thread-safe: use one context per thread (a choice runs on one thread).
/// </summary>
public sealed class EligibilityContext
{
    private readonly Dictionary<string, SpecialtyFit> _fitBySpecialtyKey = new(StringComparer.Ordinal);

    // Registries spell a few dozen specialty names thousands of times; normalizing each once keeps a 10,000-reviewer
    // choice from allocating per certification. Bounded so hostile input cannot grow it without limit.
    private readonly Dictionary<string, SpecialtyFit> _fitByName = new(StringComparer.Ordinal);
    private const int MaxCachedNames = 4096;
    private readonly Dictionary<string, string> _roleByPartyId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roleByOrganization = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Prepares the case for checking reviewers on <paramref name="on"/> under <paramref name="policy"/> (default: the current one).</summary>
    public EligibilityContext(CaseFile caseFile, DateOnly on, IEnumerable<string>? previousReviewerIds = null, SpecialtyFitTable? table = null, StatutoryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        CaseFile = caseFile;
        On = on;
        Policy = policy ?? StatutoryPolicy.Current;
        Table = table ?? SpecialtyFitTable.Current;
        PreviousReviewerIds = new HashSet<string>(previousReviewerIds ?? [], StringComparer.Ordinal);
        Specialties = Table.SpecialtiesFor(caseFile);
        NeededSpecialtiesText = string.Join(", ", Specialties.All);
        foreach (var s in Specialties.Similar)
        {
            _fitBySpecialtyKey[Specialty.Key(s)] = SpecialtyFit.Similar;
        }

        foreach (var s in Specialties.Exact)
        {
            _fitBySpecialtyKey[Specialty.Key(s)] = SpecialtyFit.Exact;
        }

        if (caseFile.Parties is { } parties)
        {
            AddParty(parties.Employee, "the employee");
            AddParty(parties.Employer, "the employer");
            AddParty(parties.ClaimsAdministrator, "the claims administrator");
            AddParty(parties.RequestingProvider, "the requesting provider");
            AddParty(parties.TreatingProvider, "the treating provider");
            AddParty(parties.UrReviewer, "the UR reviewer");
            AddParty(parties.UrOrganization, "the UR organization");
            AddParty(parties.EmployeeAttorney, "the employee's attorney");
            AddParty(parties.Facility, "the facility where the treatment would be given");
            AddParty(parties.Manufacturer, "the maker of the drug or device at issue");
        }
    }

    /// <summary>The statutory policy the case is judged under (its license rule).</summary>
    public StatutoryPolicy Policy { get; }

    /// <summary>The case.</summary>
    public CaseFile CaseFile { get; }

    /// <summary>The date eligibility is judged on (licenses and certifications must be valid that day).</summary>
    public DateOnly On { get; }

    /// <summary>The specialty-fit table applied.</summary>
    public SpecialtyFitTable Table { get; }

    /// <summary>The specialties the case needs.</summary>
    public CaseSpecialties Specialties { get; }

    /// <summary>The fitting specialties as one comma-separated text, built once for the reasons that quote it.</summary>
    public string NeededSpecialtiesText { get; }

    /// <summary>Reviewers who already had this case; a reassignment goes to someone else.</summary>
    public IReadOnlySet<string> PreviousReviewerIds { get; }

    /// <summary>How a specialty name fits this case.</summary>
    public SpecialtyFit FitOf(string? specialty)
    {
        if (specialty is null)
        {
            return SpecialtyFit.None;
        }

        if (_fitByName.TryGetValue(specialty, out var cached))
        {
            return cached;
        }

        var fit = _fitBySpecialtyKey.TryGetValue(Specialty.Key(specialty), out var known) ? known : SpecialtyFit.None;
        if (_fitByName.Count < MaxCachedNames)
        {
            _fitByName[specialty] = fit;
        }

        return fit;
    }

    /// <summary>The role of the party with this id, e.g. "the employer", or null.</summary>
    public string? RoleOfPartyId(string partyId) => _roleByPartyId.GetValueOrDefault(partyId);

    /// <summary>The role of the party with this organization name (case-insensitive), or null.</summary>
    public string? RoleOfOrganization(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        // Most names are already single-spaced: look them up as they are and fold only the rest.
        var key = IsFolded(organization) ? organization : CaseFileValidator.FoldForComparison(organization);
        return _roleByOrganization.GetValueOrDefault(key);
    }

    private static bool IsFolded(string text)
    {
        if (text.Length == 0 || text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || text[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    private void AddParty(Party? party, string role)
    {
        if (party is null)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(party.Id))
        {
            _roleByPartyId.TryAdd(party.Id, role);
        }

        if (!string.IsNullOrWhiteSpace(party.Name))
        {
            _roleByOrganization.TryAdd(CaseFileValidator.FoldForComparison(party.Name), role);
        }
    }
}

/// <summary>One reviewer judged for one case.</summary>
/// <param name="Reviewer">The reviewer.</param>
/// <param name="Reasons">Every reason the reviewer may not take the case; empty when eligible.</param>
/// <param name="Fit">The best specialty fit the reviewer is qualified in (certifications, or a non-physician's license).</param>
/// <param name="CaliforniaLicensed">Holds a current California license (ranked first under the any-state policy).</param>
public sealed record ReviewerEvaluation(Reviewer Reviewer, IReadOnlyList<EligibilityReason> Reasons, SpecialtyFit Fit, bool CaliforniaLicensed = true)
{
    /// <summary>True when no rule refused the reviewer.</summary>
    public bool IsEligible => Reasons.Count == 0;
}

/// <summary>
/// A rule a reviewer must meet. <see cref="Refusal"/> answers on the assignment path without allocating;
/// <see cref="Check"/> gives every reason with its message, for the eligibility explanation. They agree: Check is empty
/// exactly when Refusal is null, and Refusal's code is among Check's.
/// </summary>
public abstract class EligibilityRule
{
    /// <summary>The code of the first reason this reviewer fails the rule, or null when met. Allocates nothing.</summary>
    public abstract string? Refusal(Reviewer reviewer, EligibilityContext context);

    /// <summary>The reasons this reviewer fails the rule for this case; empty when met.</summary>
    public abstract IEnumerable<EligibilityReason> Check(Reviewer reviewer, EligibilityContext context);
}

/// <summary>The set of rules and the evaluation of reviewers against them.</summary>
public static class Eligibility
{
    /// <summary>The rules of LC § 139.5 and 8 CCR § 9792.10.6 and the IMRO's own (no repeat reviewer, capacity), in the order reasons are listed.</summary>
    public static IReadOnlyList<EligibilityRule> Rules { get; } =
    [
        new LicenseRule(),
        new BoardCertificationRule(),
        new ActivePracticeRule(),
        new NoConflictOfInterestRule(),
        new NotReviewedBeforeRule(),
        new AvailabilityRule(),
    ];

    /// <summary>Judges one reviewer against every rule and collects ALL reasons.</summary>
    public static ReviewerEvaluation Evaluate(Reviewer reviewer, EligibilityContext context, IReadOnlyList<EligibilityRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        List<EligibilityReason>? reasons = null;
        foreach (var rule in rules ?? Rules)
        {
            foreach (var reason in rule.Check(reviewer, context))
            {
                (reasons ??= []).Add(reason);
            }
        }

        return new ReviewerEvaluation(
            reviewer, reasons is null ? [] : reasons, BoardCertificationRule.BestCurrentFit(reviewer, context), LicenseRule.HoldsCaliforniaLicense(reviewer, context));
    }

    /// <summary>The code of the first rule the reviewer fails, or null when eligible. Allocates nothing (the assignment path).</summary>
    public static string? FirstRefusal(Reviewer reviewer, EligibilityContext context)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(context);
        var rules = Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Refusal(reviewer, context) is { } code)
            {
                return code;
            }
        }

        return null;
    }
}
