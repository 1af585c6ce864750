namespace Imr.Local;

/// <summary>Finds the repository root (where <c>package.json</c> and <c>node_modules</c> live).</summary>
internal static class RepositoryRoot
{
    /// <summary>The configured root, or the nearest directory above the working directory (then above the binaries) holding ImrFunctions.sln.</summary>
    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ImrFunctions.sln); set ImrLocal:RepositoryRoot.");
    }
}
