using System.Text.RegularExpressions;
using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

/// <summary>docs/case-file.md shows examples; these tests run them so the page cannot drift from the code.</summary>
public partial class CaseFileDocumentationTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(SeedCase.RepositoryRoot, "docs", "case-file.md"));

    [GeneratedRegex("```json\\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex("### A bad example.*?```json\\n(?<json>.*?)```.*?```text\\n(?<answer>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BadExample();

    [Fact]
    public void The_example_on_the_page_is_the_example_file()
    {
        var onPage = CaseFileReader.Read(JsonBlocks().Matches(Page)[0].Groups["json"].Value);
        onPage.Problems.ShouldBeEmpty();
        onPage.CaseFile.ShouldBe(SeedCase.Load(), new CaseFileComparer());
    }

    [Fact]
    public void The_bad_example_on_the_page_gives_the_answer_on_the_page()
    {
        var match = BadExample().Match(Page);
        match.Success.ShouldBeTrue();
        var expected = match.Groups["answer"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var result = CaseFileReader.ReadAndValidate(match.Groups["json"].Value, SeedCase.Today);

        result.Problems.Select(p => p.ToString()).ShouldBe(expected);
    }

    [Fact]
    public void The_documented_last_day_to_file_holds()
    {
        var seed = SeedCase.Load();
        ApplicationWindow.Check(seed with { Dates = seed.Dates! with { ApplicationReceived = new DateOnly(2013, 11, 26) } }).ShouldBeNull();
        ApplicationWindow.Check(seed with { Dates = seed.Dates! with { ApplicationReceived = new DateOnly(2013, 11, 27) } })!
            .Reason.ShouldContain("2013-11-26");
    }

    /// <summary>Records compare lists by reference; compare the serialized form instead.</summary>
    private sealed class CaseFileComparer : IEqualityComparer<CaseFile?>
    {
        public bool Equals(CaseFile? x, CaseFile? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, CaseFileReader.Options) == System.Text.Json.JsonSerializer.Serialize(y, CaseFileReader.Options);

        public int GetHashCode(CaseFile? obj) => 0;
    }
}
