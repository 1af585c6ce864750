using Imr.Domain.Cases;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// The roles callers of the API hold and which routes each may call, shared by both hosts: Imr.Local applies them as
/// ASP.NET Core authorization policies, the Functions app checks them in its HTTP functions (docs/security.md, "Roles").
/// </summary>
public static class CallerRoles
{
    /// <summary>Case staff of the IMR organization: submit, assign, hold, withdraw, repair cases; keep the reviewer registry.</summary>
    public const string Staff = "staff";

    /// <summary>An expert reviewer: sees the cases assigned to them and decides them.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>An auditor: reads cases and audit trails, changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Every role, in the order the console offers them.</summary>
    public static readonly IReadOnlyList<string> All = [Staff, Reviewer, Auditor];

    /// <summary>Routes that change cases or the registry: staff only.</summary>
    public const string StaffPolicy = "imr-staff";

    /// <summary>Reads of the reviewer registry and of eligibility: staff and auditors.</summary>
    public const string OversightPolicy = "imr-oversight";

    /// <summary>Reads of cases, their letters and audit trails: every role; a reviewer sees only the cases assigned to them.</summary>
    public const string CaseReadersPolicy = "imr-case-readers";

    /// <summary>
    /// The reviewer's routes (the decision, the conflict statement): a signed-in reviewer, or a caller with no session who
    /// carries the assignment credential from the notice of assignment (the application checks the credential).
    /// </summary>
    public const string DecisionPolicy = "imr-decision";

    private static readonly Dictionary<string, string[]> RolesByPolicy = new(StringComparer.Ordinal)
    {
        [StaffPolicy] = [Staff],
        [OversightPolicy] = [Staff, Auditor],
        [CaseReadersPolicy] = [Staff, Reviewer, Auditor],
        [DecisionPolicy] = [Reviewer],
    };

    /// <summary>Registers the four policies.</summary>
    public static AuthorizationOptions AddCallerRolePolicies(this AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in RolesByPolicy)
        {
            options.AddPolicy(name, policy => policy.RequireAssertion(context => Allows(name, context.User)));
        }

        return options;
    }

    /// <summary>Whether <paramref name="caller"/> may call a route under <paramref name="policy"/>.</summary>
    public static bool Allows(string policy, ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var signedIn = IsSignedIn(caller);
        return (policy == DecisionPolicy && !signedIn) || (signedIn && RolesByPolicy[policy].Any(caller.IsInRole));
    }

    /// <summary>
    /// Null when <paramref name="caller"/> may call a route under <paramref name="policy"/>; otherwise the problem to answer:
    /// 401 for a caller with no identity (<paramref name="signInFailure"/> says why an identity sent was not accepted), 403
    /// naming the roles the route takes.
    /// </summary>
    public static IResult? Refusal(string policy, ClaimsPrincipal caller, string? signInFailure = null)
    {
        if (Allows(policy, caller))
        {
            return null;
        }

        return IsSignedIn(caller)
            ? ProblemResults.Problem(StatusCodes.Status403Forbidden, "Your role may not call this route.", [new ValidationProblem("role", RequiredRoles(policy, caller))])
            : ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Sign in to call this route.", [new ValidationProblem("identity", signInFailure ?? "The request carries no signed-in identity.")]);
    }

    /// <summary>The reason a signed-in caller is refused under <paramref name="policy"/>.</summary>
    public static string RequiredRoles(string policy, ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var held = All.Where(caller.IsInRole).ToList();
        return $"This route takes the role {string.Join(" or ", RolesByPolicy[policy])}; you hold {(held.Count == 0 ? "none of the IMR roles" : string.Join(", ", held))}.";
    }

    /// <summary>
    /// The reviewer whose cases alone <paramref name="caller"/> may see: their id when they hold only the reviewer role, null
    /// for staff and auditors (every case).
    /// </summary>
    public static string? AssignedTo(ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsInRole(Staff) || caller.IsInRole(Auditor) ? null
            : caller.IsInRole(Reviewer) ? CallerId(caller) ?? ""
            : "";
    }

    /// <summary>The reviewer id of a caller signed in as a reviewer, who decides without the assignment credential; else null.</summary>
    public static string? SignedInReviewer(ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return IsSignedIn(caller) && caller.IsInRole(Reviewer) ? CallerId(caller) : null;
    }

    /// <summary>The caller's id (for a reviewer, their id in the registry).</summary>
    public static string? CallerId(ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.FindFirst(ClaimTypes.NameIdentifier)?.Value;
    }

    /// <summary>An identity whose id is <see cref="ClaimTypes.NameIdentifier"/> and whose roles are <see cref="ClaimTypes.Role"/>.</summary>
    public static ClaimsPrincipal Principal(string authenticationType, string id, IEnumerable<string> roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), .. roles.Select(role => new Claim(ClaimTypes.Role, role))],
            authenticationType,
            ClaimTypes.NameIdentifier,
            ClaimTypes.Role));

    private static bool IsSignedIn(ClaimsPrincipal caller) => caller.Identities.Any(i => i.IsAuthenticated);
}
