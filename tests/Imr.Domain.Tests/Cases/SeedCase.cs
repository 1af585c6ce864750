using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

/// <summary>The documented example case file, read from docs/examples so the documentation cannot rot.</summary>
internal static class SeedCase
{
    public static readonly DateOnly Today = new(2013, 11, 5);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Json => File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "examples", "seed-case.json"));

    public static CaseFile Load()
    {
        var result = CaseFileReader.Read(Json);
        result.Problems.ShouldBeEmpty();
        return result.CaseFile!;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImrFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
