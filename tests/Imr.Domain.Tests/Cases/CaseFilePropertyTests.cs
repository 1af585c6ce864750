using System.Text;
using CsCheck;
using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

/// <summary>Whatever arrives, the reader and validator answer with problems, never an exception.</summary>
public class CaseFilePropertyTests
{
    private static readonly string[] Names =
    [
        "schemaVersion", "caseNumber", "priority", "expeditedCertification", "certifiedBy", "certifiedOn", "statement",
        "dates", "injury", "urDecision", "urDecisionServed", "urDecisionServedBy", "applicationReceived",
        "eligibilityFinding", "assignedOn", "receivedOn", "employeeAttorney", "facility", "manufacturer",
        "parties", "employee", "employer", "claimsAdministrator", "requestingProvider", "treatingProvider", "urReviewer",
        "urOrganization", "id", "name", "conditions", "disputedItems", "description", "quantity", "partialAuthorization",
        "originalRequest", "authorized", "claimsAdministratorGuideline", "documents", "blobPath", "contentType",
        "clinicalSummary", "Priority", "bogus", "",
    ];

    private static readonly string[] Scalars =
    [
        "\"1.0\"", "\"2.0\"", "\"Standard\"", "\"Expedited\"", "\"Mail\"", "\"Fax\"", "\"CM13-0000001\"", "\"CM13-1\"",
        "\"2013-02-09\"", "\"2013-13-40\"", "\"2999-01-01\"", "\"../x\"", "\"cases/a.pdf\"", "\"\"", "\"  \"",
        "0", "1", "-1", "1.5", "1e999", "true", "false", "null", "\"\\u0000\"", "\"\\uD800\"",
    ];

    private static Gen<string> Value(int depth)
    {
        var scalar = Gen.OneOf<string>(Gen.OneOf(Scalars), Gen.String.Select(s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        if (depth == 0)
        {
            return scalar;
        }

        var member = Gen.Select(Gen.OneOf(Names), Value(depth - 1), (name, value) => $"\"{name}\": {value}");
        var obj = member.Array[0, 6].Select(members => "{" + string.Join(", ", members) + "}");
        var array = Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]");
        return Gen.Frequency<string>((3, scalar), (4, obj), (2, array));
    }

    private static void AnswersWithProblemsOnly(byte[] bytes)
    {
        var result = CaseFileReader.ReadAndValidate(bytes, new DateOnly(2026, 11, 27));

        if (result.CaseFile is null)
        {
            result.Problems.ShouldNotBeEmpty();
        }

        foreach (var problem in result.Problems)
        {
            problem.Path.ShouldStartWith("$");
            problem.Reason.ShouldNotBeNullOrWhiteSpace();
        }

        if (result.CaseFile is { } caseFile)
        {
            // The other checks that run on a read file must not throw either.
            _ = ApplicationWindow.Check(caseFile);
            _ = Imr.Domain.Reviewers.SpecialtyFitTable.Current.SpecialtiesFor(caseFile);
        }
    }

    [Fact]
    public void Random_json_never_throws_and_every_refusal_has_a_path_and_reason()
    {
        Value(4).Where(json => json.StartsWith('{'))
            .Sample(json => AnswersWithProblemsOnly(Encoding.UTF8.GetBytes(json)), iter: 3000);
    }

    [Fact]
    public void Random_byte_damage_to_the_example_never_throws()
    {
        var seed = Encoding.UTF8.GetBytes(SeedCase.Json);
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Byte, Gen.Int[0, 2])
            .Array[1, 8]
            .Sample(edits =>
            {
                var bytes = seed.ToList();
                foreach (var (at, value, kind) in edits)
                {
                    var i = Math.Min(at, bytes.Count - 1);
                    switch (kind)
                    {
                        case 0: bytes[i] = value; break;
                        case 1: bytes.Insert(i, value); break;
                        default: if (bytes.Count > 1) { bytes.RemoveAt(i); } break;
                    }
                }

                AnswersWithProblemsOnly([.. bytes]);
            }, iter: 3000);
    }
}
