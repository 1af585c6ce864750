using Imr.Domain.Reviewers;

namespace Imr.Domain.Tests.Reviewers;

/// <summary>The state names a letter prints for a reviewer's licences.</summary>
public sealed class UsStatesTests
{
    [Theory]
    [InlineData("CA", "California")]
    [InlineData(" wy ", "Wyoming")]
    [InlineData("DC", "District of Columbia")]
    [InlineData("VI", "U.S. Virgin Islands")]
    public void A_postal_code_is_printed_as_the_state_name(string code, string name) => UsStates.NameOf(code).ShouldBe(name);

    [Fact]
    public void An_unknown_code_is_printed_as_given_rather_than_dropped() => UsStates.NameOf(" ZZ").ShouldBe("ZZ");
}
