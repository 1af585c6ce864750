namespace Imr.Domain.Tests.Letters;

/// <summary>The published letters in the repository's tests/Data/corpus, located from the folder holding ImrFunctions.sln.</summary>
internal static class LetterCorpus
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string LettersDirectory => Path.Combine(Root.Value, "imr-letters");

    public static string SeedLetter => Path.Combine(Root.Value, "seed-letter-2013-format.txt");

    /// <summary>Every case number that has both a .txt and a .pdf.</summary>
    public static IReadOnlyList<string> CaseNumbers() =>
        System.IO.Directory.GetFiles(LettersDirectory, "*.txt")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => File.Exists(Path.Combine(LettersDirectory, n + ".pdf")))
            .Order(StringComparer.Ordinal)
            .ToList()!;

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaseNumbers())
        {
            data.Add(name);
        }

        return data;
    }

    public static string Text(string caseNumber) => File.ReadAllText(Path.Combine(LettersDirectory, caseNumber + ".txt"));

    public static string PdfPath(string caseNumber) => Path.Combine(LettersDirectory, caseNumber + ".pdf");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImrFunctions.sln")))
            {
                var corpus = Path.Combine(dir.FullName, "tests", "Data", "corpus");
                return System.IO.Directory.Exists(Path.Combine(corpus, "imr-letters"))
                    ? corpus
                    : throw new DirectoryNotFoundException($"The letter corpus was expected at {corpus} but is not there.");
            }
        }

        throw new DirectoryNotFoundException($"No ImrFunctions.sln above {AppContext.BaseDirectory}; cannot locate tests/Data/corpus.");
    }
}
