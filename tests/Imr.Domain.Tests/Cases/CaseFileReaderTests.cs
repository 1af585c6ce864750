using System.Text;
using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

public class CaseFileReaderTests
{
    [Fact]
    public void The_documented_example_reads_and_validates_clean()
    {
        var result = CaseFileReader.ReadAndValidate(SeedCase.Json, SeedCase.Today);

        result.Problems.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
        var caseFile = result.CaseFile!;
        caseFile.Priority.ShouldBe(Priority.Standard);
        caseFile.Dates!.Injury.ShouldBe(new DateOnly(2013, 2, 9));
        caseFile.Dates.UrDecisionServedBy.ShouldBe(ServiceMethod.Mail);
        caseFile.DisputedItems!.Single().Quantity.ShouldBe(1.00m);
        ApplicationWindow.Check(caseFile).ShouldBeNull();
    }

    [Fact]
    public void Accepts_utf8_bytes_with_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SeedCase.Json)).ToArray();
        CaseFileReader.Read(bytes).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Round_trips_through_its_own_options()
    {
        var caseFile = SeedCase.Load();
        var json = System.Text.Json.JsonSerializer.Serialize(caseFile, CaseFileReader.Options);
        json.ShouldContain("\"priority\": \"Standard\"");
        json.ShouldContain("\"injury\": \"2013-02-09\"");
        var again = CaseFileReader.Read(json).CaseFile!;
        again.Dates.ShouldBe(caseFile.Dates);
        again.Parties.ShouldBe(caseFile.Parties);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": \"1.0\",", "$", "not well-formed JSON")]
    [InlineData("{\"schemaVersion\": 1.0}", "$.schemaVersion", "Expected a string")]
    [InlineData("{\"priority\": \"Urgent\"}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"priority\": 1}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"dates\": {\"injury\": \"2013/02/09\"}}", "$.dates.injury", "yyyy-MM-dd")]
    [InlineData("{\"dates\": {\"injury\": \"2013-02-30\"}}", "$.dates.injury", "yyyy-MM-dd")]
    [InlineData("{\"disputedItems\": [{\"quantity\": \"one\"}]}", "$.disputedItems[0].quantity", "Expected a number")]
    [InlineData("{\"disputedItems\": {}}", "$.disputedItems", "Expected an array")]
    [InlineData("{\"conditions\": [1]}", "$.conditions[0]", "Expected a string")]
    [InlineData("{\"parties\": []}", "$.parties", "Expected an object")]
    [InlineData("{\"schemaVersoin\": \"1.0\"}", "$.schemaVersoin", "Unknown property 'schemaVersoin'")]
    [InlineData("{\"parties\": {\"employee\": {\"id\": \"1\", \"ssn\": \"x\"}}}", "$.parties.employee.ssn", "Unknown property 'ssn'")]
    [InlineData("{\"priority\": \"Standard\", \"priority\": \"Expedited\"}", "$.priority", "more than once")]
    [InlineData("[]", "$", "Expected an object")]
    [InlineData("null", "$", "null")]
    [InlineData("", "$", "empty")]
    [InlineData("   ", "$", "empty")]
    [InlineData("{\"disputedItems\": [{\"quantity\": 1e999}]}", "$.disputedItems[0].quantity", "Expected a number")]
    [InlineData("{\"priority\": \"Standard, Expedited\"}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"priority\": \"1\"}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"priority\": 0}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"priority\": \" Expedited\"}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"priority\": \"\"}", "$.priority", "Expected one of Standard, Expedited")]
    [InlineData("{\"dates\": {\"urDecisionServedBy\": \"Mail, Fax\"}}", "$.dates.urDecisionServedBy", "Expected one of Mail, Electronic, Fax, Personal")]
    [InlineData("{\"dates\": {\"urDecisionServedBy\": \"2\"}}", "$.dates.urDecisionServedBy", "Expected one of Mail, Electronic, Fax, Personal")]
    public void Refuses_malformed_documents_with_a_path_and_a_reason(string json, string path, string reason)
    {
        var result = CaseFileReader.Read(json);

        result.CaseFile.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe(path);
        problem.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Refuses_invalid_utf8_and_names_the_offset()
    {
        var bytes = "{\"clinicalSummary\": \"ab"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}"u8.ToArray()).ToArray();

        var problem = CaseFileReader.Read(bytes).Problems.ShouldHaveSingleItem();

        problem.Path.ShouldBe("$");
        problem.Reason.ShouldContain("not valid UTF-8");
        problem.Reason.ShouldContain("byte 23");
    }

    [Fact]
    public void Refuses_text_with_an_unpaired_surrogate()
    {
        var problem = CaseFileReader.Read("{\"clinicalSummary\": \"\uD800\"}").Problems.ShouldHaveSingleItem();
        problem.Reason.ShouldContain("unpaired surrogate");
    }

    [Fact]
    public void Refuses_deep_object_nesting_at_the_first_level_the_schema_does_not_have()
    {
        var json = "{\"parties\": " + string.Concat(Enumerable.Repeat("{\"employee\": ", 40)) + "{}" + new string('}', 41);

        var result = CaseFileReader.Read(json);

        result.CaseFile.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("$.parties.employee.employee");
        problem.Reason.ShouldContain("Unknown property 'employee'");
    }

    [Fact]
    public void Refuses_deep_array_nesting_where_a_value_is_expected()
    {
        var json = "{\"clinicalSummary\": " + new string('[', 100) + new string(']', 100) + "}";
        var problem = CaseFileReader.Read(json).Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("$.clinicalSummary");
        problem.Reason.ShouldBe("Expected a string.");
    }

    [Fact]
    public void The_serializer_refuses_nesting_beyond_the_maximum_depth()
    {
        // The schema's own types stop deep input first; MaxDepth is the backstop for the reader itself.
        CaseFileReader.Options.MaxDepth.ShouldBe(CaseFileReader.MaxDepth);
        var json = new string('[', CaseFileReader.MaxDepth + 1) + new string(']', CaseFileReader.MaxDepth + 1);
        Should.Throw<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(json, CaseFileReader.Options))
            .Message.ShouldContain("depth");
    }

    [Fact]
    public void Refuses_documents_over_the_size_limit()
    {
        var json = "{\"clinicalSummary\": \"" + new string('x', CaseFileReader.MaxBytes) + "\"}";
        CaseFileReader.Read(Encoding.UTF8.GetBytes(json)).Problems.ShouldHaveSingleItem().Reason.ShouldContain("limit");
    }
}
