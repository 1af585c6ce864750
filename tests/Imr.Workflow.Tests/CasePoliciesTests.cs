using Imr.Domain.Clock;
using Imr.Workflow.Activities;

namespace Imr.Workflow.Tests;

/// <summary>A case's recorded policy version finds its policy, including the any-state license option (LC § 139.5).</summary>
public sealed class CasePoliciesTests
{
    [Fact]
    public void LC_139_5_a_case_recorded_under_the_any_state_option_keeps_its_license_rule()
    {
        var option = CasePolicies.Find("2026.1-any-state-license");

        option.ShouldBeSameAs(StatutoryPolicy.AnyStateLicense);
        option.ReviewerLicensing.ShouldBe(ReviewerLicensing.AnyStateCaliforniaPreferred);
        CasePolicies.ClockFor(option.Version).Policy.ShouldBeSameAs(option);
    }

    [Fact]
    public void The_default_policy_keeps_the_design_cards_California_license_and_an_unknown_version_is_an_error()
    {
        CasePolicies.Find("").ShouldBeSameAs(StatutoryPolicy.Current);
        CasePolicies.Find("2026.1").ReviewerLicensing.ShouldBe(ReviewerLicensing.California);
        Should.Throw<NotSupportedException>(() => CasePolicies.Find("2025.9"));
    }
}
