using System.Text.RegularExpressions;

namespace Imr.Testing.Acceptance;

/// <summary>
/// The shared host's whole log, checked when the suite's collection ends: no stack trace anywhere in it (issue #20; a
/// trace may quote case content). xUnit reports a throw from a collection fixture's cleanup as a failure of the run.
/// </summary>
public static partial class SuiteLog
{
    /// <summary>
    /// Throws, quoting the first lines found, when <paramref name="output"/> holds a stack trace outside the entries of a
    /// failure the host itself has before any app code runs: an entry holding one of <paramref name="hostOwnFailures"/>,
    /// and every entry naming the same function invocation.
    /// </summary>
    public static void ShouldHaveNoStackTrace(string host, string output, params string[] hostOwnFailures)
    {
        ArgumentNullException.ThrowIfNull(output);
        var entries = EntryStart().Split(output).Where(e => e.Length > 0).ToList();
        var own = entries.Where(e => hostOwnFailures.Any(f => e.Contains(f, StringComparison.Ordinal))).ToList();
        var invocations = own.SelectMany(e => InvocationId().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var checkedLog = string.Concat(entries.Where(e => !own.Contains(e) && !invocations.Any(id => e.Contains(id, StringComparison.OrdinalIgnoreCase))));
        var lines = ErrorStatusAcceptance.StackTraceLines(checkedLog);
        if (lines.Count > 0)
        {
            // The runner prints a cleanup failure's type only, so the log is kept in a file the message names.
            var path = Path.Combine(AppContext.BaseDirectory, $"stack-traces-{host.Replace(' ', '-')}.log");
            File.WriteAllText(path, output);
            throw new InvalidOperationException(
                $"{host} logged {lines.Count} stack-trace lines during the acceptance suite (whole log: {path}); the first:{Environment.NewLine}{string.Join(Environment.NewLine, lines.Take(12))}");
        }
    }

    // A console-logger entry starts a line with its level; the split keeps each entry's first line with it.
    [GeneratedRegex(@"(?m)^(?=(?:trce|dbug|info|warn|fail|crit): )")]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex InvocationId();
}
