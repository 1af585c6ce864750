using System.Text;
using Imr.Workflow.Application;

namespace Imr.Workflow.Tests.Application;

/// <summary>Every enum in a request body is read by name only: numbers and comma lists are a 400 naming the field.</summary>
public class StrictEnumInputTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("\"1\"")]
    [InlineData("\"Upheld, Overturned\"")]
    [InlineData("\"Overturned,Upheld\"")]
    [InlineData("\"Upheld \"")]
    public void A_decision_names_upheld_or_overturned(string decision)
    {
        var body = $$"""{"reviewerId": "r", "items": [{"description": "x", "decision": {{decision}}, "guideline": "g", "rationale": "r"}]}""";

        ApplicationJson.TryRead<DecisionRequest>(Encoding.UTF8.GetBytes(body), out _, out var problems).ShouldBeFalse();

        var problem = problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("$.items[0].decision");
        problem.Reason.ShouldBe("Expected one of Upheld, Overturned (the name, as text).");
    }

    [Theory]
    [InlineData("""{"reviewerId": "r", "items": [{"description": "x", "decision": "Upheld", "decision": "Overturned", "guideline": "g", "rationale": "r"}]}""", "decision")]
    [InlineData("""{"reviewerId": "r", "reviewerId": "s", "items": []}""", "reviewerId")]
    public void A_decision_giving_a_property_twice_is_refused_naming_it(string body, string property)
    {
        ApplicationJson.TryRead<DecisionRequest>(Encoding.UTF8.GetBytes(body), out _, out var problems).ShouldBeFalse();

        problems.ShouldHaveSingleItem().Reason.ShouldBe($"The property '{property}' appears more than once in one object.");
    }

    [Theory]
    [InlineData("\"overturned\"")]
    [InlineData("\"Overturned\"")]
    public void A_decision_name_is_read_ignoring_case(string decision)
    {
        var body = $$"""{"reviewerId": "r", "items": [{"description": "x", "decision": {{decision}}, "guideline": "g", "rationale": "r"}]}""";

        ApplicationJson.TryRead<DecisionRequest>(Encoding.UTF8.GetBytes(body), out var request, out _).ShouldBeTrue();
        request!.Items![0].Decision.ShouldBe(Imr.Domain.Decisions.Decision.Overturned);
    }

    [Theory]
    [InlineData("""{"name": "A", "status": "1"}""", "$.status", "Active, Paused")]
    [InlineData("""{"name": "A", "status": 1}""", "$.status", "Active, Paused")]
    [InlineData("""{"name": "A", "status": "Active, Paused"}""", "$.status", "Active, Paused")]
    [InlineData("""{"name": "A", "licenses": [{"state": "CA", "status": "Active, Revoked"}]}""", "$.licenses[0].status", "Active, Restricted, Suspended, Revoked, Inactive")]
    [InlineData("""{"name": "A", "licenses": [{"state": "CA", "status": 3}]}""", "$.licenses[0].status", "Active, Restricted, Suspended, Revoked, Inactive")]
    [InlineData("""{"name": "A", "licenses": [{"state": "CA", "type": "Nurse"}]}""", "$.licenses[0].type", "Physician, Chiropractor, Acupuncturist, Psychologist, Podiatrist, Dentist, Optometrist")]
    public void A_reviewer_profile_names_its_statuses(string body, string path, string names)
    {
        var outcome = ReviewerRegistration.Read(Encoding.UTF8.GetBytes(body), routeId: null);

        outcome.Status.ShouldBe(OutcomeStatus.BadRequest);
        var problem = outcome.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe(path);
        problem.Reason.ShouldBe($"Expected one of {names} (the name, as text).");
    }

    [Fact]
    public void A_license_type_is_read_and_a_license_without_one_is_a_physicians()
    {
        var body = """{"name": "A", "licenses": [{"state": "MO", "number": "DC 1", "type": "Chiropractor"}, {"state": "CA", "number": "A1"}]}""";

        var outcome = ReviewerRegistration.Read(Encoding.UTF8.GetBytes(body), routeId: null);

        outcome.IsSuccess.ShouldBeTrue();
        outcome.Value!.Licenses.Select(l => l.Type).ShouldBe([Imr.Domain.Reviewers.LicenseType.Chiropractor, Imr.Domain.Reviewers.LicenseType.Physician]);
    }
}
