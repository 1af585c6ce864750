using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Letters;
using Imr.Domain.Reviewers;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using LetterDecision = Imr.Domain.Letters.ItemDecision;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="IssueDeterminationActivity"/>.</summary>
public sealed record IssueDeterminationRequest
{
    /// <summary>The step ("determined").</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The reviewer who decided (already checked to be the one assigned).</summary>
    public required string ReviewerId { get; init; }

    /// <summary>That reviewer's assignment attempt, released once the letter is issued.</summary>
    public required int Attempt { get; init; }

    /// <summary>The validated decision.</summary>
    public required ReviewerDecision Decision { get; init; }

    /// <summary>When the IMR organization was assigned the case (the letter's "Date Assigned").</summary>
    public required DateTimeOffset CaseAssignedAt { get; init; }
}

/// <summary>The issued determination: the summary stored on the case and where the letter is.</summary>
/// <param name="Summary">Decision date and each item's decision, with authorization due dates for overturned items.</param>
/// <param name="TextPath">The letter's text blob.</param>
/// <param name="PdfPath">The letter's PDF blob.</param>
public sealed record DeterminationIssued(DeterminationSummary Summary, string TextPath, string PdfPath);

/// <summary>
/// Step 6: builds the Final Determination letter from the case file, the reviewer's credentials (never the name) and
/// the decision; renders text and PDF; stores them write-once; marks the case Determined; releases the reviewer; audits
/// and notifies. A retry after a crash finds the identical letter text already stored and reuses the stored letter.
/// </summary>
public sealed class IssueDeterminationActivity : TaskActivity<IssueDeterminationRequest, DeterminationIssued>
{
    private readonly ICaseFileStore _files;
    private readonly IReviewerRegistry _registry;
    private readonly IDeterminationStore _letters;
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public IssueDeterminationActivity(ICaseFileStore files, IReviewerRegistry registry, IDeterminationStore letters, CaseJournal journal)
    {
        _files = files;
        _registry = registry;
        _letters = letters;
        _journal = journal;
    }

    /// <inheritdoc />
    public override async Task<DeterminationIssued> RunAsync(TaskActivityContext context, IssueDeterminationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var caseFile = await _files.ReadAcceptedCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {step.CaseNumber} has no stored case file.");
        var reviewer = await _registry.GetAsync(input.ReviewerId).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Reviewer '{input.ReviewerId}' is not in the registry.");

        var decisionDate = PacificTime.DateOf(step.At);
        var letter = DeterminationLetters.Compose(step.CaseNumber, caseFile, reviewer, input.Decision, decisionDate, PacificTime.DateOf(input.CaseAssignedAt));
        var text = new LetterTextRenderer().Render(letter);
        var blobs = await StoreOnceAsync(step.CaseNumber, text, letter).ConfigureAwait(false);

        var clock = CasePolicies.ClockFor(step.PolicyVersion);
        var summary = new DeterminationSummary
        {
            DecisionDate = decisionDate,
            Items = letter.Items.Select((i, index) => new DeterminedItem
            {
                Description = caseFile.DisputedItems![index].Description ?? i.Description,
                Decision = i.Decision == LetterDecision.Overturned ? Decision.Overturned : Decision.Upheld,
                AuthorizationDue = i.Decision == LetterDecision.Overturned ? clock.AuthorizationDueDate(decisionDate) : null,
            }).ToList(),
        };

        await _journal.UpdateCaseAsync(step, c => c with
        {
            State = CaseState.Determined,
            StateReason = null,
            Determination = summary,
        }).ConfigureAwait(false);
        await _registry.ReleaseAssignmentAsync(input.ReviewerId, step.CaseNumber, input.Attempt).ConfigureAwait(false);
        var overturned = summary.Items.Count(i => i.Decision == Decision.Overturned);
        await _journal.AuditAsync(
            step,
            $"reviewer:{input.ReviewerId}",
            "Determined",
            string.Create(
                CultureInfo.InvariantCulture,
                $"items={summary.Items.Count}; overturned={overturned}; upheld={summary.Items.Count - overturned}; letter={blobs.Text.Path}; pdf={blobs.Pdf.Path}")).ConfigureAwait(false);
        await _journal.NotifyAsync(step, NotificationKinds.Determination, "parties", reference: blobs.Pdf.Path).ConfigureAwait(false);
        return new DeterminationIssued(summary, blobs.Text.Path, blobs.Pdf.Path);
    }

    private async Task<LetterBlobs> StoreOnceAsync(CaseNumber caseNumber, string text, DeterminationLetter letter)
    {
        // Store first: the store checks both blobs before writing either, so a first issue costs no read of its own.
        var pdf = new LetterPdfRenderer().Render(letter);
        try
        {
            return await _letters.StoreAsync(caseNumber, text, pdf).ConfigureAwait(false);
        }
        catch (WriteOnceViolationException)
        {
            // PDF bytes may differ run to run (creation stamps), so a retry of an issued letter is refused over its PDF.
            // The text decides whether this letter is the one already issued; anything else is a real conflict.
            var storedText = await _letters.ReadAsync(caseNumber, LetterFormat.Text).ConfigureAwait(false);
            var storedPdf = storedText is not null && storedText.Content.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(text))
                ? await _letters.ReadAsync(caseNumber, LetterFormat.Pdf).ConfigureAwait(false)
                : null;
            if (storedText is null || storedPdf is null)
            {
                throw;
            }

            return new LetterBlobs(Blob(storedText), Blob(storedPdf));
        }
    }

    private static StoredBlob Blob(StoredContent content) => new(content.Path, content.ContentHash ?? "", content.Content.Length);
}

/// <summary>Builds a <see cref="DeterminationLetter"/> from the case file, the reviewer's credentials and the decision.</summary>
public static class DeterminationLetters
{
    /// <summary>
    /// Composes the letter; items follow the case file's order; the reviewer appears only by credentials. The text is in the
    /// form the letter prints it (<see cref="LetterText.Normalize"/>), so the letter reads back from its rendering exactly.
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
            Specialties = reviewer.Certifications
                .Where(c => c.Expires >= on)
                .Select(c => c.Specialty)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
        };
    }
}

/// <summary>U.S. state and territory names by postal code, as the letters print states of licensure.</summary>
public static class UsStates
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AL"] = "Alabama", ["AK"] = "Alaska", ["AZ"] = "Arizona", ["AR"] = "Arkansas", ["CA"] = "California",
        ["CO"] = "Colorado", ["CT"] = "Connecticut", ["DE"] = "Delaware", ["DC"] = "District of Columbia", ["FL"] = "Florida",
        ["GA"] = "Georgia", ["HI"] = "Hawaii", ["ID"] = "Idaho", ["IL"] = "Illinois", ["IN"] = "Indiana", ["IA"] = "Iowa",
        ["KS"] = "Kansas", ["KY"] = "Kentucky", ["LA"] = "Louisiana", ["ME"] = "Maine", ["MD"] = "Maryland",
        ["MA"] = "Massachusetts", ["MI"] = "Michigan", ["MN"] = "Minnesota", ["MS"] = "Mississippi", ["MO"] = "Missouri",
        ["MT"] = "Montana", ["NE"] = "Nebraska", ["NV"] = "Nevada", ["NH"] = "New Hampshire", ["NJ"] = "New Jersey",
        ["NM"] = "New Mexico", ["NY"] = "New York", ["NC"] = "North Carolina", ["ND"] = "North Dakota", ["OH"] = "Ohio",
        ["OK"] = "Oklahoma", ["OR"] = "Oregon", ["PA"] = "Pennsylvania", ["RI"] = "Rhode Island", ["SC"] = "South Carolina",
        ["SD"] = "South Dakota", ["TN"] = "Tennessee", ["TX"] = "Texas", ["UT"] = "Utah", ["VT"] = "Vermont",
        ["VA"] = "Virginia", ["WA"] = "Washington", ["WV"] = "West Virginia", ["WI"] = "Wisconsin", ["WY"] = "Wyoming",
        ["PR"] = "Puerto Rico", ["GU"] = "Guam", ["VI"] = "U.S. Virgin Islands",
    };

    /// <summary>The state's name; an unknown code is printed as given rather than dropped.</summary>
    public static string NameOf(string code) => Names.GetValueOrDefault(code.Trim(), code.Trim());
}
