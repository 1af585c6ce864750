using Imr.Benchmarks.Hooks;

namespace Imr.Benchmarks.Tests;

public class BaselineRequestTests
{
    [Fact]
    public void An_empty_query_asks_for_100_orchestrations_of_5_steps_kept_after()
    {
        var (request, problems) = BaselineRequest.Parse(null, null, null);

        request.ShouldBe(new BaselineRequest(100, 5, Purge: false));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_wrong_value_is_named_with_its_reason()
    {
        var (request, problems) = BaselineRequest.Parse("0", "many", "yes");

        request.ShouldBeNull();
        problems.Select(p => p.Path).ShouldBe(["count", "activities", "purge"]);
        problems[0].Reason.ShouldBe("Must be a whole number from 1 to 5000.");
        problems[1].Reason.ShouldBe("Must be a whole number from 1 to 100.");
        problems[2].Reason.ShouldBe("Must be true or false.");
    }

    [Theory]
    [InlineData("5001")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" 7")]
    public void A_count_outside_1_to_5000_or_not_a_whole_number_is_refused(string count) =>
        BaselineRequest.Parse(count, "5", "true").Problems.ShouldHaveSingleItem().Path.ShouldBe("count");
}
