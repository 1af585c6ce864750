using Imr.Domain.Clock;

namespace Imr.Workflow.Activities;

/// <summary>
/// Finds the statutory policy a case was started under. A case keeps its policy version for life, so a new policy
/// never re-judges a case in flight; an unknown version is an error rather than a silent switch to the current one.
/// </summary>
public static class CasePolicies
{
    /// <summary>The policy with this version.</summary>
    public static StatutoryPolicy Find(string version) =>
        string.IsNullOrEmpty(version) ? StatutoryPolicy.Current
            : StatutoryPolicy.Known.FirstOrDefault(p => p.Version == version)
            ?? throw new NotSupportedException($"Statutory policy version '{version}' is not known to this workflow build.");

    /// <summary>A clock under the policy with this version.</summary>
    public static StatutoryClock ClockFor(string version)
    {
        var policy = Find(version);
        return ReferenceEquals(policy, StatutoryPolicy.Current) ? StatutoryClock.Current : new StatutoryClock(policy);
    }
}
