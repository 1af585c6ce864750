using Imr.Workflow.Timing;

namespace Imr.Workflow.Tests;

/// <summary>The mapping between real timer instants and statutory instants that makes days pass in seconds in tests.</summary>
public sealed class StatutoryTimelineTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void In_real_time_statutory_and_real_instants_are_the_same()
    {
        var timeline = new StatutoryTimeline(Anchor, WorkflowTiming.RealTime);
        var later = Anchor.AddDays(12.5);

        timeline.StatutoryAt(later.UtcDateTime).ShouldBe(later);
        timeline.RealAt(later).ShouldBe(later.UtcDateTime);
    }

    [Fact]
    public void Compressed_a_statutory_day_passes_in_the_configured_seconds()
    {
        var timeline = new StatutoryTimeline(Anchor, new WorkflowTiming { SecondsPerStatutoryDay = 0.1 });

        timeline.RealAt(Anchor.AddDays(30)).ShouldBe(Anchor.UtcDateTime.AddSeconds(3));
        timeline.StatutoryAt(Anchor.UtcDateTime.AddTicks(12_000_000)).ShouldBe(Anchor.AddDays(12));
        timeline.StatutoryAt(timeline.RealAt(Anchor.AddDays(17.25))).ShouldBe(Anchor.AddDays(17.25));
    }

    [Fact]
    public void A_statutory_instant_already_past_maps_to_a_real_instant_already_past()
    {
        var timeline = new StatutoryTimeline(Anchor, new WorkflowTiming { SecondsPerStatutoryDay = 1 });
        timeline.RealAt(Anchor.AddDays(-2)).ShouldBe(Anchor.UtcDateTime.AddSeconds(-2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Nonsense_compression_is_refused_naming_the_setting(double seconds)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkflowTiming { SecondsPerStatutoryDay = seconds }.Validate())
            .ParamName.ShouldBe(nameof(WorkflowTiming.SecondsPerStatutoryDay));
    }
}
