namespace Imr.Functions.Tests.Hosting;

/// <summary>
/// Finds a way to run the real Azure Functions host for a published app: a runner script taking <c>PUBLISH_DIR PORT</c>
/// named by <c>IMR_FUNCTIONS_HOST_RUN</c>, the one beside the repository at <c>../shared/functions-host/run.sh</c>, or Core
/// Tools (<c>func</c>) on PATH. Without any, the Functions-host tests skip with <see cref="Unavailable"/>, except under CI
/// (<c>CI=true</c>), where they fail: CI must run them.
/// </summary>
public static class FunctionsHostRunner
{
    /// <summary>The runner script, or null when <see cref="Func"/> (or nothing) runs the host.</summary>
    public static string? Script { get; } = FindScript();

    /// <summary>The path of <c>func</c>, used when there is no runner script.</summary>
    public static string? Func { get; } = Script is null ? FindOnPath("func") : null;

    /// <summary>Why the host cannot run here, or null when it can.</summary>
    public static string? Unavailable =>
        Script is null && Func is null
            ? "No Azure Functions host to run: install Core Tools (func), or set IMR_FUNCTIONS_HOST_RUN to a runner script taking PUBLISH_DIR PORT."
            : null;

    /// <summary>Whether a missing host must fail the run instead of skipping (under CI).</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? FindScript()
    {
        if (Environment.GetEnvironmentVariable("IMR_FUNCTIONS_HOST_RUN") is { Length: > 0 } named)
        {
            return File.Exists(named) ? Path.GetFullPath(named) : throw new FileNotFoundException("IMR_FUNCTIONS_HOST_RUN names no file.", named);
        }

        var beside = Path.GetFullPath(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "..", "shared", "functions-host", "run.sh"));
        return File.Exists(beside) ? beside : null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
