using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Imr.Domain.Tests.Letters;

/// <summary>Collects per-letter word-match results from the corpus tests and writes them as a Markdown table when the tests finish.</summary>
/// <remarks>It lands next to the test assembly as letters-word-match.md (docs/letters.md, "Word-match report").</remarks>
public sealed class CorpusWordMatchReport : IDisposable
{
    private readonly ConcurrentDictionary<(string Letter, string Check), WordMatch> results = new();

    internal void Record(string letter, string check, WordMatch match) => results[(letter, check)] = match;

    public void Dispose()
    {
        if (results.IsEmpty)
        {
            return;
        }

        var checks = results.Keys.Select(k => k.Check).Distinct().Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("| Letter | Words |");
        foreach (var check in checks)
        {
            text.Append(' ').Append(check).Append(" |");
        }

        text.Append('\n').Append("|---|---:|").Append(string.Concat(checks.Select(_ => "---:|"))).Append('\n');
        foreach (var letter in results.Keys.Select(k => k.Letter).Distinct().Order(StringComparer.Ordinal))
        {
            var words = results.Where(r => r.Key.Letter == letter).Max(r => r.Value.ExpectedWords);
            text.Append(CultureInfo.InvariantCulture, $"| {letter} | {words} |");
            foreach (var check in checks)
            {
                text.Append(results.TryGetValue((letter, check), out var m)
                    ? string.Create(CultureInfo.InvariantCulture, $" {m.MatchedWords}/{Math.Max(m.ExpectedWords, m.ActualWords)} ({m.Percent:0.##}%) |")
                    : " – |");
            }

            text.Append('\n');
        }

        foreach (var check in checks)
        {
            var rows = results.Where(r => r.Key.Check == check).Select(r => r.Value).ToList();
            text.Append(CultureInfo.InvariantCulture, $"\n{check}: {rows.Count(r => r.Exact)} of {rows.Count} letters word-for-word; {rows.Sum(r => r.MatchedWords)} of {rows.Sum(r => Math.Max(r.ExpectedWords, r.ActualWords))} words.\n");
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "letters-word-match.md"), text.ToString());
    }
}
