using System.Diagnostics;
using System.Text.Json;
using Imr.Domain.Letters;

namespace Imr.Cli.Tests;

/// <summary>The <c>letters parse|render</c> commands, run in-process through the same entry the executable uses.</summary>
public sealed class LetterCommandTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("imr-cli-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = OperatorCommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Parse_prints_the_letter_as_one_json_object_with_the_agreed_fields()
    {
        var (exit, output, error) = Run("letters", "parse", LetterCorpus.Letter("CM16-0246487.txt"));

        exit.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("caseNumber").GetString().ShouldBe("CM16-0246487");
        root.GetProperty("dateAssigned").GetString().ShouldBe("2016-12-29");
        root.GetProperty("dateOfInjury").GetString().ShouldBe("2016-10-21");
        root.GetProperty("decisionDate").GetString().ShouldBe("2017-01-31");
        root.GetProperty("urDenialDate").GetString().ShouldBe("2016-11-21");
        root.GetProperty("applicationReceived").GetString().ShouldBe("2016-12-23");
        root.GetProperty("priority").GetString().ShouldBe("Standard");
        root.GetProperty("reviewer").GetProperty("statesOfLicensure").EnumerateArray().ShouldNotBeEmpty();
        root.GetProperty("reviewer").GetProperty("specialties").EnumerateArray().ShouldNotBeEmpty();
        root.GetProperty("clinicalSummary").GetString().ShouldNotBeNullOrWhiteSpace();
        var items = root.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(6);
        items.Select(i => i.GetProperty("decision").GetString()).Distinct().Order().ShouldBe(["Overturned", "Upheld"]);
        foreach (var item in items)
        {
            foreach (var field in new[] { "description", "claimsAdministratorGuideline", "reviewerGuideline", "rationale" })
            {
                item.GetProperty(field).GetString().ShouldNotBeNullOrWhiteSpace(field);
            }
        }
    }

    [Fact]
    public void Parse_of_the_pdf_prints_the_same_json_as_parse_of_the_text()
    {
        var text = Run("letters", "parse", LetterCorpus.Letter("CM16-0213037.txt"));
        var pdf = Run("letters", "parse", LetterCorpus.Letter("CM16-0213037.pdf"));

        pdf.Exit.ShouldBe(0, pdf.Error);
        pdf.Output.ShouldBe(text.Output);
    }

    [Fact]
    public void Parse_with_null_dates_prints_null_for_them()
    {
        var source = File.ReadAllText(LetterCorpus.Letter("CM16-0213037.txt"))
            .Replace("Date Assigned:        11/09/2016", "Date Assigned:                  ", StringComparison.Ordinal);
        var file = Path.Combine(work, "no-date.txt");
        File.WriteAllText(file, source);

        var (exit, output, _) = Run("letters", "parse", file);

        exit.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetProperty("dateAssigned").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Render_writes_text_and_pdf_that_read_back_as_the_same_letter()
    {
        var json = Path.Combine(work, "letter.json");
        File.WriteAllText(json, Run("letters", "parse", LetterCorpus.Letter("CM16-0248698.txt")).Output);
        var expected = LetterJson.Deserialize(File.ReadAllText(json));

        var text = Run("letters", "render", json, "--format", "text", "--out", Path.Combine(work, "letter.txt"));
        var pdf = Run("letters", "render", json, "--format", "pdf", "--out", Path.Combine(work, "letter.pdf"));

        text.Exit.ShouldBe(0, text.Error);
        pdf.Exit.ShouldBe(0, pdf.Error);
        var renderedText = File.ReadAllText(Path.Combine(work, "letter.txt"));
        renderedText.ShouldContain("Case Number:          CM16-0248698");
        LetterJson.Serialize(new LetterTextParser().Parse(renderedText)).ShouldBe(LetterJson.Serialize(expected));
        var renderedPdf = File.ReadAllBytes(Path.Combine(work, "letter.pdf"));
        renderedPdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8).ShouldBeTrue();
        LetterJson.Serialize(new LetterPdfReader().Read(renderedPdf)).ShouldBe(LetterJson.Serialize(expected));
    }

    [Fact]
    public void Parse_of_a_file_that_is_not_a_letter_fails_naming_the_section()
    {
        var file = Path.Combine(work, "garbage.txt");
        File.WriteAllText(file, "Minutes of the board meeting\nNothing to see here.\n");

        var (exit, output, error) = Run("letters", "parse", file);

        exit.ShouldBe(OperatorCommandLine.InputError);
        output.ShouldBeEmpty();
        error.ShouldContain("HowDeterminationWasMade");
    }

    [Fact]
    public void Parse_of_a_damaged_pdf_fails()
    {
        var file = Path.Combine(work, "broken.pdf");
        File.WriteAllBytes(file, File.ReadAllBytes(LetterCorpus.Letter("CM16-0213037.pdf"))[..2000]);

        var (exit, output, error) = Run("letters", "parse", file);

        exit.ShouldBe(OperatorCommandLine.InputError);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: ");
    }

    [Fact]
    public void Parse_of_a_missing_file_fails()
    {
        var (exit, _, error) = Run("letters", "parse", Path.Combine(work, "absent.txt"));

        exit.ShouldNotBe(0);
        error.ShouldContain("absent.txt");
    }

    [Fact]
    public void Render_of_json_that_is_not_a_letter_fails_naming_the_field()
    {
        var json = Path.Combine(work, "bad.json");
        File.WriteAllText(json, """{ "caseNumber": "CM16-1", "priority": "Urgent" }""");

        var (exit, _, error) = Run("letters", "render", json, "--format", "text", "--out", Path.Combine(work, "out.txt"));

        exit.ShouldBe(OperatorCommandLine.InputError);
        error.ShouldContain("priority");
        File.Exists(Path.Combine(work, "out.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Render_of_an_incomplete_letter_lists_what_is_missing()
    {
        var json = Path.Combine(work, "incomplete.json");
        File.WriteAllText(json, """{ "caseNumber": "CM16-0000001", "priority": "Expedited", "clinicalSummary": "Seen.", "items": [] }""");

        var (exit, _, error) = Run("letters", "render", json, "--format", "pdf", "--out", Path.Combine(work, "out.pdf"));

        exit.ShouldBe(OperatorCommandLine.InputError);
        error.ShouldContain("items");
        error.ShouldContain("reviewer.statesOfLicensure");
        File.Exists(Path.Combine(work, "out.pdf")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("letters", "frobnicate")]
    [InlineData("letters", "parse")]
    [InlineData("letters", "parse", "a.txt", "--verbose")]
    [InlineData("letters", "render", "a.json", "--format", "docx", "--out", "x")]
    [InlineData("letters", "render", "a.json", "--format", "text")]
    [InlineData("cases")]
    public void Unknown_commands_and_options_are_usage_errors(params string[] args)
    {
        var (exit, _, error) = Run(args);

        exit.ShouldBe(1);
        error.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_built_executable_parses_a_letter_and_fails_on_a_bad_one()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "imr.dll");
        File.Exists(dll).ShouldBeTrue("the imr executable is copied beside the tests");

        var good = await RunProcessAsync(dll, "letters", "parse", LetterCorpus.Letter("CM16-0213037.pdf"));
        var bad = await RunProcessAsync(dll, "letters", "parse", "/dev/null");

        good.Exit.ShouldBe(0, good.Error);
        JsonDocument.Parse(good.Output).RootElement.GetProperty("caseNumber").GetString().ShouldBe("CM16-0213037");
        bad.Exit.ShouldNotBe(0);
        bad.Error.ShouldContain("error:");
    }

    private static async Task<(int Exit, string Output, string Error)> RunProcessAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
