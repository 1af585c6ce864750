namespace Imr.Cli.Tests;

/// <summary>Locates ../shared/corpus beside the repository (the folder holding ImrFunctions.sln).</summary>
internal static class LetterCorpus
{
    public static string Letter(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", "imr-letters", fileName));
                return File.Exists(path) ? path : throw new FileNotFoundException("Corpus letter missing (expected ../shared/corpus beside the repository).", path);
            }
        }

        throw new DirectoryNotFoundException($"No ImrFunctions.sln above {AppContext.BaseDirectory}; cannot locate ../shared/corpus.");
    }
}
