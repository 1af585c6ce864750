using System.Diagnostics;

namespace Imr.Benchmarks.Hooks;

/// <summary>
/// Turns the benchmark hooks on in an Imr.Local process about to start: ASP.NET Core loads a hosting startup assembly by
/// name (<c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>), and the .NET host finds an assembly outside the application's own
/// deps.json only through an additional deps file (<c>DOTNET_ADDITIONAL_DEPS</c>) naming it, beside the application.
/// </summary>
public static class BenchmarkHookActivation
{
    /// <summary>The hooks' assembly name, as the hosting startup loads it.</summary>
    public const string AssemblyName = "Imr.Benchmarks.Hooks";

    // The hooks' own dependencies (Imr.Http, Imr.Storage, the Durable Task client and worker) are Imr.Local's too, so this file
    // names the hooks' assembly alone.
    private const string AdditionalDeps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": { ".NETCoreApp,Version=v10.0": { "Imr.Benchmarks.Hooks/1.0.0": { "runtime": { "Imr.Benchmarks.Hooks.dll": {} } } } },
          "libraries": { "Imr.Benchmarks.Hooks/1.0.0": { "type": "project", "serviceable": false, "sha512": "" } }
        }
        """;

    /// <summary>
    /// Copies the hooks' assembly and its deps file beside <paramref name="localAssembly"/> (Imr.Local.dll) and sets the
    /// two variables on <paramref name="start"/>, which runs that Imr.Local.
    /// </summary>
    public static void AddTo(ProcessStartInfo start, string localAssembly)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentException.ThrowIfNullOrEmpty(localAssembly);
        var directory = Path.GetDirectoryName(Path.GetFullPath(localAssembly))
            ?? throw new ArgumentException("Imr.Local's assembly has no directory.", nameof(localAssembly));
        var hooks = typeof(BenchmarkHookActivation).Assembly.Location;
        var target = Path.Combine(directory, Path.GetFileName(hooks));
        if (!string.Equals(Path.GetFullPath(hooks), target, StringComparison.Ordinal))
        {
            File.Copy(hooks, target, overwrite: true);
        }

        var deps = Path.Combine(directory, AssemblyName + ".deps.json");
        File.WriteAllText(deps, AdditionalDeps);
        start.Environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = AssemblyName;
        start.Environment["DOTNET_ADDITIONAL_DEPS"] = deps;
    }
}
