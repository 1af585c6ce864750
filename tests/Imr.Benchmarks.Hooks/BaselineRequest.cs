using System.Globalization;
using Imr.Domain.Cases;

namespace Imr.Benchmarks.Hooks;

/// <summary>What <c>POST /api/benchmark/baseline</c> asks for: how many bare orchestrations, how many no-op steps each, and whether to purge them after.</summary>
public sealed record BaselineRequest(int Count, int Activities, bool Purge)
{
    /// <summary>The most orchestrations one request may start.</summary>
    public const int MaxCount = 5000;

    /// <summary>The most steps one orchestration may have.</summary>
    public const int MaxActivities = 100;

    /// <summary>
    /// Reads the query's <c>count</c> (default 100), <c>activities</c> (default 5) and <c>purge</c> (default false), or
    /// names every one that is wrong.
    /// </summary>
    public static (BaselineRequest? Request, IReadOnlyList<ValidationProblem> Problems) Parse(string? count, string? activities, string? purge)
    {
        var problems = new List<ValidationProblem>();
        var n = Number(count, "count", 100, MaxCount, problems);
        var steps = Number(activities, "activities", 5, MaxActivities, problems);
        var clean = false;
        if (purge is not null && !bool.TryParse(purge, out clean))
        {
            problems.Add(new ValidationProblem("purge", "Must be true or false."));
        }

        return problems.Count == 0 ? (new BaselineRequest(n, steps, clean), problems) : (null, problems);
    }

    private static int Number(string? value, string name, int fallback, int max, List<ValidationProblem> problems)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max)
        {
            return n;
        }

        problems.Add(new ValidationProblem(name, string.Create(CultureInfo.InvariantCulture, $"Must be a whole number from 1 to {max}.")));
        return fallback;
    }
}
