namespace Imr.Cli.Tests;

/// <summary>Locates the letter corpus in the repository, tests/Data/corpus, from the folder holding ImrFunctions.sln.</summary>
internal static class LetterCorpus
{
    public static string Letter(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                var path = Path.Combine(dir.FullName, "tests", "Data", "corpus", "imr-letters", fileName);
                return File.Exists(path) ? path : throw new FileNotFoundException("Corpus letter missing from tests/Data/corpus/imr-letters.", path);
            }
        }

        throw new DirectoryNotFoundException($"No ImrFunctions.sln above {AppContext.BaseDirectory}; cannot locate tests/Data/corpus.");
    }
}
