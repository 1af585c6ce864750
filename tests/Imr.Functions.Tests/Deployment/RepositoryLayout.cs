namespace Imr.Functions.Tests.Deployment;

/// <summary>Finds the repository's folders from wherever the test assembly runs.</summary>
public static class RepositoryLayout
{
    private const string SolutionFileName = "ImrFunctions.sln";

    /// <summary>The folder holding ImrFunctions.sln, found by walking up from the test assembly's folder.</summary>
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary>The infra folder with main.bicep and its modules.</summary>
    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>Walks up from <paramref name="start"/> to the first folder that holds the solution file.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above '{start}' contains {SolutionFileName}; the deployment tests need the repository checkout.");
    }
}
