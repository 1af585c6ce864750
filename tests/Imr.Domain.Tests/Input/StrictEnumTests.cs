using System.Text.Json;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Domain.Input;
using Imr.Domain.Letters;
using ItemDecision = Imr.Domain.Decisions.ItemDecision;
using Imr.Domain.Reviewers;

namespace Imr.Domain.Tests.Input;

public class StrictEnumTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("Upheld", Decision.Upheld)]
    [InlineData("overturned", Decision.Overturned)]
    [InlineData("UPHELD", Decision.Upheld)]
    public void Reads_a_defined_name_ignoring_case(string text, Decision expected)
    {
        StrictEnum.TryParse<Decision>(text, out var value).ShouldBeTrue();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("Upheld, Overturned")]
    [InlineData("Upheld,Overturned")]
    [InlineData(" Upheld")]
    [InlineData("Upheld ")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_numbers_comma_lists_and_padding(string? text)
    {
        StrictEnum.TryParse<Decision>(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("\"1\"")]
    [InlineData("\"Upheld, Overturned\"")]
    [InlineData("\"Overturned,Upheld\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void The_converter_on_the_type_refuses_anything_but_a_name(string json)
    {
        var ex = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<ItemDecision>($"{{\"decision\": {json}}}", Web));
        ex.Message.ShouldStartWith("Expected one of Upheld, Overturned");
        ex.Path.ShouldBe("$.decision");
    }

    [Fact]
    public void The_converter_on_the_type_reads_and_writes_names_and_null()
    {
        var options = Web;
        JsonSerializer.Deserialize<ItemDecision>("{\"decision\": \"Overturned\"}", options)!.Decision.ShouldBe(Decision.Overturned);
        JsonSerializer.Deserialize<ItemDecision>("{\"decision\": null}", options)!.Decision.ShouldBeNull();
        JsonSerializer.Serialize(new ItemDecision { Decision = Decision.Upheld }, options).ShouldContain("\"decision\":\"Upheld\"");
        Should.Throw<JsonException>(() => JsonSerializer.Serialize(new ItemDecision { Decision = (Decision)7 }, options));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("1")]
    [InlineData("\"Active, Paused\"")]
    public void Every_enum_of_a_reviewer_is_strict(string json)
    {
        var options = Web;
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Reviewer>($"{{\"id\": \"r\", \"status\": {json}}}", options)).Path.ShouldBe("$.status");
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<License>($"{{\"state\": \"CA\", \"status\": {json}}}", options)).Path.ShouldBe("$.status");
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<CaseFile>($"{{\"priority\": {json}}}", options)).Path.ShouldBe("$.priority");
    }

    [Fact]
    public void Letter_json_refuses_a_comma_list()
    {
        var json = LetterJson.Serialize(new DeterminationLetter
        {
            Reviewer = new ReviewerCredentials { StatesOfLicensure = ["California"], Specialties = ["Pain Management"] },
            ClinicalSummary = "x",
            Items = [],
            Priority = LetterPriority.Standard,
        }).Replace("\"Standard\"", "\"Standard, Expedited\"", StringComparison.Ordinal);

        Should.Throw<JsonException>(() => LetterJson.Deserialize(json)).Message.ShouldStartWith("Expected one of Standard, Expedited");
    }

    [Fact]
    public void Parse_of_a_stored_name_refuses_a_number()
    {
        StrictEnum.Parse<CaseState>("UnderReview").ShouldBe(CaseState.UnderReview);
        Should.Throw<InvalidDataException>(() => StrictEnum.Parse<CaseState>("5"));
    }
}
