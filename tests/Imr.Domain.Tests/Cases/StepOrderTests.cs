using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

public sealed class StepOrderTests
{
    private static readonly DateTimeOffset Run = new(2026, 11, 2, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Orders_by_run_then_generation_then_execution_then_index()
    {
        var step = new StepOrder(Run, 2, Run.AddHours(1), 5);

        (step with { Index = 6 }).ShouldBeGreaterThan(step);
        (step with { Execution = step.Execution.AddTicks(1), Index = 0 }).ShouldBeGreaterThan(step, "a restarted execution is newer whatever its index");
        (step with { Generation = 3, Execution = Run, Index = 0 }).ShouldBeGreaterThan(step, "a later generation is newer even with an earlier instant (another host's clock)");
        (step with { Run = Run.AddDays(1), Generation = 0, Execution = Run, Index = 0 }).ShouldBeGreaterThan(step, "a case started again from scratch is newer");
        (step < step with { Index = 6 }).ShouldBeTrue();
        (step >= step with { }).ShouldBeTrue();
        (step > null).ShouldBeTrue();
        (step <= null).ShouldBeFalse();
    }

    [Fact]
    public void The_stored_form_reads_back_equal_in_any_offset()
    {
        var step = new StepOrder(Run.ToOffset(TimeSpan.FromHours(-8)), 4, Run.AddTicks(123), 17);

        StepOrder.Parse(step.ToString()).ShouldBe(step);
        StepOrder.Parse(step.ToString()).CompareTo(step).ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.x")]
    [InlineData("1.-2.3.4")]
    [InlineData("1.2.3.4.5")]
    [InlineData("999999999999999999999.1.1.1")]
    public void A_malformed_stored_form_is_refused_with_the_expected_shape(string text)
    {
        Should.Throw<FormatException>(() => StepOrder.Parse(text)).Message.ShouldContain("run.generation.execution.index");
    }
}
