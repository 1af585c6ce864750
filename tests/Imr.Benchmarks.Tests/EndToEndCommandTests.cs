using Imr.Benchmarks.EndToEnd;

namespace Imr.Benchmarks.Tests;

/// <summary>The e2e commands docs/benchmarks.md gives for each #21 target parse into the runs they name.</summary>
public class EndToEndCommandTests
{
    [Theory]
    [InlineData("--engine azure --cases 200", "azurestorage", 200, "defaults")]
    [InlineData("--engine azure --cases 1000 --minutes 25", "azurestorage", 1000, "defaults")]
    [InlineData("--engine azure --cases 1000 --minutes 25 --host ImrLocal:TaskHubStorage=separate", "azurestorage", 1000, "ImrLocal:TaskHubStorage=separate")]
    public void The_documented_commands_parse(string arguments, string engine, int cases, string settings)
    {
        var run = EndToEndCommand.Parse(arguments.Split(' ')).ShouldHaveSingleItem();

        run.Engine.ShouldBe(engine);
        run.Cases.ShouldBe(cases);
        run.HostSettingsText.ShouldBe(settings);
    }

    [Fact]
    public void An_unknown_option_is_refused_by_name() =>
        Should.Throw<ArgumentException>(() => EndToEndCommand.Parse(["--host-kind", "functions"])).Message.ShouldContain("--host-kind");
}
