using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Reviewers;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="FindReviewerActivity"/>.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="On">The statutory date eligibility is judged on (licenses and certifications must be current then).</param>
/// <param name="PreviousReviewerIds">Reviewers who had the case, including the current one when reassigning.</param>
public sealed record FindReviewerRequest(CaseNumber CaseNumber, DateOnly On, IReadOnlyList<string> PreviousReviewerIds)
{
    /// <summary>The case's statutory policy version (its reviewer license rule); empty means the current policy.</summary>
    public string PolicyVersion { get; init; } = "";
}

/// <summary>The reviewer chosen, or why nobody was.</summary>
/// <param name="ReviewerId">The best eligible reviewer, or null when none is eligible.</param>
/// <param name="Summary">Non-clinical explanation: candidates seen and the refusal reasons counted by code.</param>
/// <param name="TableVersion">The specialty-fit table version used.</param>
public sealed record FindReviewerResult(string? ReviewerId, string Summary, string TableVersion);

/// <summary>
/// Step 2a: reads the registry for the specialties the case needs and lets the domain rules choose the best eligible
/// reviewer. Read-only, so a retry is harmless; the choice is recorded by <see cref="RecordAssignmentActivity"/>, whose
/// input the orchestration history keeps, so a crash between the two never assigns a different reviewer.
/// </summary>
public sealed class FindReviewerActivity : TaskActivity<FindReviewerRequest, FindReviewerResult>
{
    private readonly ICaseFileStore _files;
    private readonly IReviewerRegistry _registry;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public FindReviewerActivity(ICaseFileStore files, IReviewerRegistry registry, ILogger<FindReviewerActivity> log)
    {
        _files = files;
        _registry = registry;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<FindReviewerResult> RunAsync(TaskActivityContext context, FindReviewerRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var caseFile = await _files.ReadAcceptedCaseFileAsync(input.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {input.CaseNumber} has no stored case file.");

        var specialties = SpecialtyFitTable.Current.SpecialtiesFor(caseFile).All.Distinct(StringComparer.Ordinal).ToList();
        var search = specialties.Count == 0
            ? new ReviewerSearch([], [])
            : await _registry.FindBySpecialtiesAsync(specialties).ConfigureAwait(false);
        if (search.Unreadable.Count > 0)
        {
            _log.UnreadableReviewers(input.CaseNumber, search.Unreadable.Count, string.Join(", ", search.Unreadable));
        }

        var choice = ReviewerSelection.Choose(
            caseFile, search.Reviewers, input.On, input.PreviousReviewerIds, tieBreak: input.CaseNumber.ToString(), policy: CasePolicies.Find(input.PolicyVersion));

        // Counted by each refused candidate's first failing rule; GET /reviewers/{id}/eligibility gives every reason.
        var refusals = choice.Refusals.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}×{r.Value}"));
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"specialties=[{string.Join(", ", specialties)}]; candidates={choice.Candidates}; refused=[{string.Join(", ", refusals)}]")
            + (search.Unreadable.Count > 0 ? $"; unreadable=[{string.Join(", ", search.Unreadable)}]" : "");
        if (choice.Chosen is { } chosen)
        {
            _log.ReviewerChosen(input.CaseNumber, chosen.Reviewer.Id, choice.Candidates, choice.TableVersion);
        }
        else
        {
            _log.NoReviewerEligible(input.CaseNumber, choice.Candidates, choice.TableVersion);
        }

        return new FindReviewerResult(choice.Chosen?.Reviewer.Id, summary, choice.TableVersion);
    }
}
