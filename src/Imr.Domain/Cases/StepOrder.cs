using System.Globalization;

namespace Imr.Domain.Cases;

/// <summary>
/// A workflow step's place in one case's history, compared field by field in this order: the run (the workflow's start,
/// later for a case started again from scratch), the generation (raised at every continue-as-new), the execution (when
/// this execution of the generation made its first step, later for a restarted execution), and the step's index within
/// the execution. The case row keeps the newest it has applied as its watermark, so a late copy of an older step cannot
/// set the row back.
/// </summary>
/// <remarks>
/// Not the step's statutory instant alone: that comes from the orchestration's clock, whose episodes may be stamped by
/// different hosts (a killed host's partition moves to another, with its own clock), so a newer step could carry an
/// earlier instant and be refused; and two steps may share an instant. The generation and index are counted, so they
/// depend on no clock and never tie; the instants only separate runs and executions, which are minutes apart.
/// </remarks>
/// <param name="Run">The workflow's start (the statutory timeline's anchor).</param>
/// <param name="Generation">The orchestration generation.</param>
/// <param name="Execution">The instant of the execution's first step.</param>
/// <param name="Index">The step's number within the execution, from 0.</param>
public sealed record StepOrder(DateTimeOffset Run, int Generation, DateTimeOffset Execution, int Index) : IComparable<StepOrder>
{
    /// <summary>Orders steps as the case's history does.</summary>
    public int CompareTo(StepOrder? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byRun = Run.UtcTicks.CompareTo(other.Run.UtcTicks);
        if (byRun != 0)
        {
            return byRun;
        }

        var byGeneration = Generation.CompareTo(other.Generation);
        if (byGeneration != 0)
        {
            return byGeneration;
        }

        var byExecution = Execution.UtcTicks.CompareTo(other.Execution.UtcTicks);
        return byExecution != 0 ? byExecution : Index.CompareTo(other.Index);
    }

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(StepOrder? left, StepOrder? right) => Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(StepOrder? left, StepOrder? right) => Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> comes before or is <paramref name="right"/>.</summary>
    public static bool operator <=(StepOrder? left, StepOrder? right) => Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> comes after or is <paramref name="right"/>.</summary>
    public static bool operator >=(StepOrder? left, StepOrder? right) => Compare(left, right) >= 0;

    /// <summary>The stored form, "run.generation.execution.index" with the instants as UTC ticks.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Run.UtcTicks}.{Generation}.{Execution.UtcTicks}.{Index}");

    /// <summary>Reads the stored form; anything else is an error naming what is wrong.</summary>
    public static StepOrder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('.');
        if (parts.Length == 4
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var execution)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && run <= DateTimeOffset.MaxValue.UtcTicks
            && execution <= DateTimeOffset.MaxValue.UtcTicks)
        {
            return new StepOrder(new DateTimeOffset(run, TimeSpan.Zero), generation, new DateTimeOffset(execution, TimeSpan.Zero), index);
        }

        throw new FormatException($"'{text}' is not a step order: expected four non-negative numbers 'run.generation.execution.index'.");
    }

    private static int Compare(StepOrder? left, StepOrder? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
