using System.Text;
using CsCheck;
using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Domain.Letters;
using Imr.Domain.Reviewers;
using Imr.Workflow.Activities;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Tests.Fuzzing;

/// <summary>
/// Reviewer profiles and decisions as a sender might damage them: whatever arrives, the reading path answers with a
/// refusal naming a path, or takes the input, and never throws. With the case-file fuzzer in Imr.Domain.Tests, more than
/// 10,000 inputs per run.
/// </summary>
public sealed class InputFuzzTests
{
    private const string Profile = """
        {"id": "rev-1", "name": "Dr. A", "licenses": [{"state": "CA", "number": "A1", "status": "Active", "expires": "2030-01-01"}],
         "certifications": [{"board": "ABOS", "specialty": "Orthopedic Surgery", "expires": "2030-01-01"}],
         "yearsInActivePractice": 10, "clinicalHoursPerWeek": 30, "capacity": 5, "status": "Active",
         "affiliations": [{"partyId": "FEIN-1", "organization": "Acme"}]}
        """;

    private const string Decision = """
        {"reviewerId": "rev-1", "clinicalSummary": "The injured worker is a 48 year old male.\n\nMRI was requested.",
         "assignmentToken": "token",
         "items": [
           {"description": "MRI lumbar spine", "decision": "Upheld", "guideline": "Decision based on MTUS.", "rationale": "Not necessary.\n\nNo red flags."},
           {"description": "Physical therapy 2x6", "decision": "Overturned", "guideline": "ODG.", "rationale": "Recommended."}]}
        """;

    private static readonly DateOnly Today = new(2026, 11, 27);

    private static readonly CaseFile Case = new()
    {
        Priority = Priority.Standard,
        Dates = new CaseDates { Injury = new DateOnly(2026, 1, 5), UrDecision = new DateOnly(2026, 10, 1), ApplicationReceived = new DateOnly(2026, 10, 9) },
        DisputedItems =
        [
            new DisputedItem { Description = "MRI lumbar spine", ClaimsAdministratorGuideline = "MTUS." },
            new DisputedItem { Description = "Physical therapy 2x6", ClaimsAdministratorGuideline = "MTUS." },
        ],
        ClinicalSummary = "From the application.",
    };

    private static readonly Reviewer Assigned = new()
    {
        Id = "rev-1",
        Licenses = [new License { State = "CA", Status = LicenseStatus.Active, Expires = new DateOnly(2030, 1, 1) }],
        Certifications = [new BoardCertification { Specialty = "Orthopedic Surgery", Expires = new DateOnly(2030, 1, 1) }],
    };

    private static void Refusal(IEnumerable<ValidationProblem> problems)
    {
        problems.ShouldNotBeEmpty();
        foreach (var problem in problems)
        {
            problem.Path.ShouldStartWith("$");
            problem.Reason.ShouldNotBeNullOrWhiteSpace();
        }
    }

    private static void ReviewerProfileIsReadOrRefused(byte[] body)
    {
        foreach (var routeId in new[] { null, "rev-1" })
        {
            var outcome = ReviewerRegistration.Read(body, routeId);
            if (outcome.IsSuccess)
            {
                // What the registry and a letter then do with the profile must not throw either.
                ReviewerProfileValidator.Validate(outcome.Value!).ShouldBeEmpty();
                _ = DeterminationLetters.Credentials(outcome.Value!, Today);
                continue;
            }

            outcome.Status.ShouldBeOneOf(OutcomeStatus.BadRequest, OutcomeStatus.PayloadTooLarge);
            Refusal(outcome.Problems);
        }
    }

    private static void DecisionIsReadOrRefused(byte[] body)
    {
        if (!ApplicationJson.TryRead<DecisionRequest>(body, out var request, out var readProblems))
        {
            Refusal(readProblems);
            return;
        }

        var decision = new ReviewerDecision { ReviewerId = request!.ReviewerId, Items = request.Items, ClinicalSummary = request.ClinicalSummary };
        var disputed = Case.DisputedItems!.Select(d => d.Description!).ToList();
        var problems = DecisionCheck.Problems(decision, "rev-1", disputed);
        if (problems.Count > 0)
        {
            Refusal(problems);
            return;
        }

        // A decision the check takes is issued: its letter must compose, render and read back exactly as composed.
        var letter = DeterminationLetters.Compose(CaseNumber.Parse("CM26-0000001"), Case, Assigned, decision, Today, Today);
        LetterJson.Serialize(new LetterTextParser().Parse(new LetterTextRenderer().Render(letter))).ShouldBe(LetterJson.Serialize(letter));
    }

    [Fact]
    public void Damaged_reviewer_profiles_are_read_or_refused_by_path_never_thrown_on()
    {
        JsonMutation.Of(Profile).Sample(ReviewerProfileIsReadOrRefused, iter: 2500);
    }

    [Fact]
    public void Damaged_decisions_are_read_or_refused_by_path_never_thrown_on()
    {
        JsonMutation.Of(Decision).Sample(DecisionIsReadOrRefused, iter: 2500);
    }

    [Fact]
    public void The_seeds_themselves_are_taken()
    {
        ReviewerRegistration.Read(Encoding.UTF8.GetBytes(Profile), null).Status.ShouldBe(OutcomeStatus.Ok);
        ApplicationJson.TryRead<DecisionRequest>(Encoding.UTF8.GetBytes(Decision), out var request, out _).ShouldBeTrue();
        DecisionCheck.Problems(new ReviewerDecision { ReviewerId = "rev-1", Items = request!.Items }, "rev-1", ["MRI lumbar spine", "Physical therapy 2x6"])
            .ShouldBeEmpty();
    }
}
