using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Imr.Functions.Tests.Deployment;

/// <summary>The bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package, run as a child process.</summary>
public sealed partial class BicepCli
{
    /// <summary>Environment variable that overrides the bicep executable path (for machines without the package).</summary>
    public const string PathVariable = "IMR_BICEP_PATH";

    /// <summary>Assembly metadata key the test project fills with the restored package folder.</summary>
    public const string PackagePathMetadataKey = "BicepPackagePath";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private BicepCli(string executablePath) => ExecutablePath = executablePath;

    /// <summary>Full path of the bicep executable.</summary>
    public string ExecutablePath { get; }

    /// <summary>Finds bicep from <see cref="PathVariable"/> or the restored NuGet package, failing with a message that says how to fix it.</summary>
    public static BicepCli Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return At(fromEnvironment, $"environment variable {PathVariable}");
        }

        var packageFolder = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == PackagePathMetadataKey)?.Value;
        if (string.IsNullOrWhiteSpace(packageFolder))
        {
            throw new FileNotFoundException(
                $"The bicep CLI was not found: assembly metadata '{PackagePathMetadataKey}' is empty, so the NuGet package " +
                $"Azure.Bicep.CommandLine.linux-x64 was not restored with GeneratePathProperty. Run 'dotnet restore', or set {PathVariable}.");
        }

        return At(Path.Combine(packageFolder, "tools", "bicep"), "the Azure.Bicep.CommandLine.linux-x64 package");
    }

    /// <summary>Uses the executable at <paramref name="path"/>, making it executable if NuGet dropped the bit.</summary>
    public static BicepCli At(string path, string origin)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The bicep CLI was not found at '{path}' (from {origin}). Restore the Azure.Bicep.CommandLine.linux-x64 " +
                $"NuGet package ('dotnet restore') or set {PathVariable} to a bicep executable.", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                try
                {
                    File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new InvalidOperationException($"The bicep CLI at '{path}' is not executable and cannot be made so: {ex.Message}", ex);
                }
            }
        }

        return new BicepCli(path);
    }

    /// <summary>Runs bicep with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and captures its output.</summary>
    public BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{ExecutablePath}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s.");
        }

        process.WaitForExit();
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Diagnostic lines bicep prints, e.g. "main.bicep(3,7) : Warning no-unused-params: ...".</summary>
    [GeneratedRegex(@"^.*\(\d+,\d+\)\s*:\s*(Warning|Error|Info)\s+\S+:.*$", RegexOptions.Multiline)]
    internal static partial Regex DiagnosticLine();
}

/// <summary>The outcome of one bicep invocation.</summary>
public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every warning, error or info diagnostic bicep printed, on either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        BicepCli.DiagnosticLine().Matches(StandardOutput + "\n" + StandardError).Select(m => m.Value.Trim()).ToList();

    /// <summary>A readable account of the run for assertion messages.</summary>
    public string Describe() => $"bicep {Command} exited {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
