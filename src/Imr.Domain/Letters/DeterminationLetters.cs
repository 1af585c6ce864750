using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Domain.Reviewers;
using LetterDecision = Imr.Domain.Letters.ItemDecision;

namespace Imr.Domain.Letters;

/// <summary>Builds a <see cref="DeterminationLetter"/> from the case file, the reviewer's credentials and the decision.</summary>
public static class DeterminationLetters
{
    /// <summary>
    /// Composes the letter; items follow the case file's order; the reviewer appears only by credentials. The text is in the
    /// form the letter prints it (<see cref="LetterText.Normalize(DeterminationLetter)"/>), so the letter reads back from its rendering exactly.
    /// </summary>
    public static DeterminationLetter Compose(
        CaseNumber caseNumber,
        CaseFile caseFile,
        Reviewer reviewer,
        ReviewerDecision decision,
        DateOnly decisionDate,
        DateOnly dateAssigned)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(decision);
        var disputed = caseFile.DisputedItems ?? [];
        var decisions = decision.Items ?? [];
        var assigned = DecisionCheck.Assign(decisions, disputed.Select(d => d.Description ?? "").ToList());
        var items = disputed.Select((d, index) =>
        {
            var decided = assigned[index] >= 0
                ? decisions[assigned[index]]
                : throw new InvalidOperationException($"Disputed item {index + 1} has no decision; the decision should have been refused.");
            return new LetterItem
            {
                Description = d.Description ?? "",
                Decision = decided.Decision == Decision.Overturned ? LetterDecision.Overturned : LetterDecision.Upheld,
                ClaimsAdministratorGuideline = d.ClaimsAdministratorGuideline ?? "",
                ReviewerGuideline = decided.Guideline ?? "",
                Rationale = decided.Rationale ?? "",
                PartialRequest = d.PartialAuthorization is { } partial
                    ? new PartialRequest
                    {
                        OriginalRequest = partial.OriginalRequest ?? "",
                        AuthorizedPortion = partial.Authorized ?? "",
                        Wording = PartialRequestWording.RemainingPortion,
                    }
                    : null,
            };
        }).ToList();

        return LetterText.Normalize(new DeterminationLetter
        {
            CaseNumber = caseNumber.ToString(),
            DateAssigned = dateAssigned,
            DateOfInjury = caseFile.Dates?.Injury,
            DecisionDate = decisionDate,
            UrDenialDate = caseFile.Dates?.UrDecision,
            ApplicationReceived = caseFile.Dates?.ApplicationReceived,
            Priority = caseFile.Priority == Priority.Expedited ? LetterPriority.Expedited : LetterPriority.Standard,
            Reviewer = Credentials(reviewer, decisionDate),
            // A summary of white space only is no summary: the letter would print none and refuse to render.
            ClinicalSummary = !string.IsNullOrWhiteSpace(decision.ClinicalSummary) ? decision.ClinicalSummary : caseFile.ClinicalSummary ?? "",
            Items = items,
        });
    }

    /// <summary>The reviewer's states of licensure (full names, as letters print them) and current specialties; never the name.</summary>
    public static ReviewerCredentials Credentials(Reviewer reviewer, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        return new ReviewerCredentials
        {
            StatesOfLicensure = reviewer.Licenses
                .Where(l => l.Status == LicenseStatus.Active && l.Expires >= on)
                .Select(l => UsStates.NameOf(l.State))
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            // A non-physician licensee's specialty is the license's own (LC § 139.5), e.g. "Chiropractic".
            Specialties = reviewer.Certifications
                .Where(c => c.Expires >= on)
                .Select(c => c.Specialty)
                .Concat(reviewer.Licenses.Where(l => l.Status == LicenseStatus.Active && l.Expires >= on).Select(l => l.Type.Specialty()).OfType<string>())
                .Distinct(StringComparer.Ordinal)
                .ToList(),
        };
    }
}
