using System.Text;
using Imr.Workflow.Application;

namespace Imr.Workflow.Tests.Application;

/// <summary>A reviewer profile with a null list, a null element or a null field is a 400 naming it, never stored.</summary>
public class ReviewerProfileInputTests
{
    private const string Valid = """
        "name": "Dr. A", "licenses": [{"state": "CA", "number": "A1", "status": "Active", "expires": "2030-01-01"}],
        "certifications": [{"board": "ABOS", "specialty": "Orthopedic Surgery", "expires": "2030-01-01"}],
        "yearsInActivePractice": 10, "clinicalHoursPerWeek": 30, "capacity": 5,
        "affiliations": [{"partyId": "FEIN-1", "organization": "Acme"}]
        """;

    [Theory]
    [InlineData("affiliations", "null", "$.affiliations")]
    [InlineData("affiliations", "[null]", "$.affiliations[0]")]
    [InlineData("affiliations", """[{"partyId": "p", "organization": "o"}, null]""", "$.affiliations[1]")]
    [InlineData("affiliations", """[{"partyId": null, "organization": "o"}]""", "$.affiliations[0].partyId")]
    [InlineData("affiliations", """[{"organization": null}]""", "$.affiliations[0].organization")]
    [InlineData("licenses", "null", "$.licenses")]
    [InlineData("licenses", "[null]", "$.licenses[0]")]
    [InlineData("licenses", """[{"state": "CA", "number": null}]""", "$.licenses[0].number")]
    [InlineData("certifications", "null", "$.certifications")]
    [InlineData("certifications", "[null]", "$.certifications[0]")]
    [InlineData("certifications", """[{"specialty": "Pain Management", "board": null}]""", "$.certifications[0].board")]
    [InlineData("name", "null", "$.name")]
    public void A_null_where_a_value_belongs_is_refused_by_path(string property, string value, string path)
    {
        var outcome = ReviewerRegistration.Read(Body(property, value), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        outcome.Problems.Select(p => p.Path).ShouldBe([path]);
    }

    [Theory]
    [InlineData("name", "\"Dr. A\\u202Eevil\"", "$.name", "U+202E")]
    [InlineData("name", "\"Dr. A\\nFINAL DETERMINATION\"", "$.name", "line break")]
    [InlineData("certifications", """[{"specialty": "Pain\u200BManagement"}]""", "$.certifications[0].specialty", "U+200B")]
    [InlineData("affiliations", """[{"organization": "Acme\u0000"}]""", "$.affiliations[0].organization", "U+0000")]
    [InlineData("licenses", """[{"state": "CA", "number": "A1\u0007"}]""", "$.licenses[0].number", "U+0007")]
    public void Hostile_characters_in_a_profile_are_refused_by_path(string property, string value, string path, string reason)
    {
        var outcome = ReviewerRegistration.Read(Body(property, value), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        var problem = outcome.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe(path);
        problem.Reason.ShouldContain(reason);
    }

    [Theory]
    [InlineData("{" + Valid + ", \"licenses\": []}", "licenses")]
    [InlineData("{\"name\": \"Dr. B\", " + Valid + "}", "name")]
    [InlineData("{" + Valid + ", \"id\": \"a\", \"id\": \"b\"}", "id")]
    public void A_property_given_twice_is_refused_naming_it(string json, string property)
    {
        var outcome = ReviewerRegistration.Read(Encoding.UTF8.GetBytes(json), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        outcome.Problems.ShouldHaveSingleItem().Reason.ShouldContain($"'{property}' appears more than once");
    }

    [Theory]
    [InlineData("name", "\"Dr. \\uDC00A\"", "$.name")]
    [InlineData("certifications", """[{"specialty": "Pain \uD800", "board": "B"}]""", "$.certifications[0].specialty")]
    public void An_escaped_half_surrogate_is_refused_by_path(string property, string value, string path)
    {
        var json = Encoding.UTF8.GetString(Body(property, "0")).Replace($"\"{property}\":0", $"\"{property}\":{value}", StringComparison.Ordinal);

        var outcome = ReviewerRegistration.Read(Encoding.UTF8.GetBytes(json), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        outcome.Problems.ShouldHaveSingleItem().Path.ShouldBe(path);
    }

    [Fact]
    public void An_escaped_half_surrogate_in_a_property_name_is_refused()
    {
        var outcome = ReviewerRegistration.Read(Encoding.UTF8.GetBytes("{" + Valid + ", \"\\uD800\": 1}"), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        outcome.Problems.ShouldHaveSingleItem().Path.ShouldStartWith("$");
    }

    [Theory]
    [InlineData("""[{"specialty": "Pain Management 😀", "board": "B"}]""", "U+1F600")]
    [InlineData("""[{"specialty": "Physical Medicine, Rehabilitation", "board": "B"}]""", "comma")]
    public void A_specialty_the_letter_cannot_print_as_given_is_refused(string certifications, string reason)
    {
        var outcome = ReviewerRegistration.Read(Body("certifications", certifications), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        var problem = outcome.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("$.certifications[0].specialty");
        problem.Reason.ShouldContain(reason);
    }

    [Fact]
    public void The_valid_profile_is_taken()
    {
        ReviewerRegistration.Read(Encoding.UTF8.GetBytes("{" + Valid + "}"), routeId: null).Status.ShouldBe(OutcomeStatus.Ok);
    }

    // The valid profile with one property replaced in place (a repeated property is refused).
    private static byte[] Body(string property, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("{" + Valid + "}")!.AsObject();
        node[property] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
