using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Letters;
using Imr.Domain.Reviewers;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
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

    /// <summary>How the determination is sent to the AD and the parties: Mail or Electronic; the step's date is its mailing.</summary>
    public ServiceMethod ServedBy { get; init; } = ServiceMethod.Electronic;

    /// <summary>The determination generation: 1 for the first, one more after each remand (LC § 4610.6(i)); names the letter's blobs.</summary>
    public int Generation { get; init; } = 1;

    /// <summary>Applications consolidated into the case, whose disputed items the letter lists after the case's own (8 CCR § 9792.10.4(a)).</summary>
    public IReadOnlyList<CaseNumber> ConsolidatedApplications { get; init; } = [];
}

/// <summary>The issued determination: the summary stored on the case and where the letter is.</summary>
/// <param name="Summary">Decision date and each item's decision, with authorization due dates for overturned items.</param>
/// <param name="TextPath">The letter's text blob.</param>
/// <param name="PdfPath">The letter's PDF blob.</param>
public sealed record DeterminationIssued(DeterminationSummary Summary, string TextPath, string PdfPath);

/// <summary>
/// Step 6: builds the Final Determination letter from the case file, the reviewer's credentials (never the name) and
/// the decision; renders text and PDF; stores them write-once; marks the case Determined with its service (mailing date,
/// receipt, appeal deadline); releases the reviewer; audits; and serves it on the AD and each party, one message each
/// carrying the letter's reference and the cover notice (LC § 4610.6(h)). A retry after a crash finds the identical
/// letter text already stored and reuses the stored letter; the messages' ids are the step's and the role's.
/// </summary>
public sealed class IssueDeterminationActivity : TaskActivity<IssueDeterminationRequest, DeterminationIssued>
{
    private readonly ICaseFileStore _files;
    private readonly IReviewerRegistry _registry;
    private readonly IDeterminationStore _letters;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public IssueDeterminationActivity(ICaseFileStore files, IReviewerRegistry registry, IDeterminationStore letters, CaseJournal journal, ILogger<IssueDeterminationActivity> log)
    {
        _files = files;
        _registry = registry;
        _letters = letters;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<DeterminationIssued> RunAsync(TaskActivityContext context, IssueDeterminationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var caseFile = await _files.ReadAcceptedCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {step.CaseNumber} has no stored case file.");
        caseFile = await WithConsolidatedItemsAsync(caseFile, input.ConsolidatedApplications).ConfigureAwait(false);
        var reviewer = await _registry.GetAsync(input.ReviewerId).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Reviewer '{input.ReviewerId}' is not in the registry.");

        var decisionDate = PacificTime.DateOf(step.At);
        var letter = DeterminationLetters.Compose(step.CaseNumber, caseFile, reviewer, input.Decision, decisionDate, PacificTime.DateOf(input.CaseAssignedAt));
        var text = new LetterTextRenderer().Render(letter);
        var blobs = await StoreOnceAsync(step.CaseNumber, text, letter, input.Generation).ConfigureAwait(false);

        var clock = CasePolicies.ClockFor(step.PolicyVersion);
        // Mailed the day it is issued; an overturned item's authorization counts from its receipt (8 CCR § 9792.10.7(a)(2)).
        var service = DeterminationService.For(caseFile.Parties!, decisionDate, input.ServedBy, clock);
        var summary = new DeterminationSummary
        {
            DecisionDate = decisionDate,
            Items = letter.Items.Select((i, index) => new DeterminedItem
            {
                Description = caseFile.DisputedItems![index].Description ?? i.Description,
                Decision = i.Decision == LetterDecision.Overturned ? Decision.Overturned : Decision.Upheld,
                AuthorizationDue = i.Decision == LetterDecision.Overturned ? clock.AuthorizationDueDate(service.ReceivedOn) : null,
            }).ToList(),
            MailedOn = service.MailedOn,
            ServedBy = service.ServedBy,
            ServedTo = service.Addressees.Select(a => a.Role).ToList(),
            ReceivedOn = service.ReceivedOn,
            AppealDue = service.AppealDue,
            ReviewerSpecialties = letter.Reviewer.Specialties,
            ClaimsAdministratorId = caseFile.Parties?.ClaimsAdministrator?.Id,
            ClaimsAdministratorName = caseFile.Parties?.ClaimsAdministrator?.Name,
        };

        var overturned = summary.Items.Count(i => i.Decision == Decision.Overturned);
        await _journal.UpdateCaseAsync(
            step,
            c => c with
            {
                State = CaseState.Determined,
                StateReason = null,
                Determination = summary,
            },
            $"reviewer:{input.ReviewerId}",
            "Determined",
            string.Create(
                CultureInfo.InvariantCulture,
                $"items={summary.Items.Count}; overturned={overturned}; upheld={summary.Items.Count - overturned}; letter={blobs.Text.Path}; pdf={blobs.Pdf.Path}; "
                + $"mailedOn={service.MailedOn:yyyy-MM-dd}; servedBy={service.ServedBy}; to={string.Join(",", summary.ServedTo)}; receivedOn={service.ReceivedOn:yyyy-MM-dd}; appealDue={service.AppealDue:yyyy-MM-dd}")).ConfigureAwait(false);
        await _registry.ReleaseAssignmentAsync(input.ReviewerId, step.CaseNumber, input.Attempt).ConfigureAwait(false);
        var cover = service.CoverNotice(step.CaseNumber);
        await _journal.NotifyAsync(
            step,
            service.Addressees.Select(a => CaseJournal.ToParty(step, NotificationKinds.Determination, a.Role, a.PartyId, cover, reference: blobs.Pdf.Path)).ToList()).ConfigureAwait(false);

        _log.DeterminationIssued(step.CaseNumber, step.Key, summary.Items.Count, overturned, summary.Items.Count - overturned);
        return new DeterminationIssued(summary, blobs.Text.Path, blobs.Pdf.Path);
    }

    // One determination for the consolidated applications: their items follow the case's own, in the order they joined,
    // which is the order the review decided them in (8 CCR § 9792.10.4(a)).
    private async Task<CaseFile> WithConsolidatedItemsAsync(CaseFile caseFile, IReadOnlyList<CaseNumber> applications)
    {
        var items = new List<DisputedItem>(caseFile.DisputedItems ?? []);
        foreach (var number in applications)
        {
            var application = await _files.ReadAcceptedCaseFileAsync(number).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Consolidated application {number} has no stored case file.");
            items.AddRange(application.DisputedItems ?? []);
        }

        return applications.Count == 0 ? caseFile : caseFile with { DisputedItems = items };
    }

    private async Task<LetterBlobs> StoreOnceAsync(CaseNumber caseNumber, string text, DeterminationLetter letter, int generation)
    {
        // Store first: the store's conditional creates recognise a letter already issued, so a first issue reads nothing.
        var pdf = new LetterPdfRenderer().Render(letter);
        try
        {
            return await _letters.StoreAsync(caseNumber, text, pdf, generation).ConfigureAwait(false);
        }
        catch (WriteOnceViolationException)
        {
            // PDF bytes may differ run to run (creation stamps), so a retry of an issued letter is refused over its PDF.
            // The text decides whether this letter is the one already issued; anything else is a real conflict.
            var storedText = await _letters.ReadAsync(caseNumber, LetterFormat.Text, generation).ConfigureAwait(false);
            var storedPdf = storedText is not null && storedText.Content.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(text))
                ? await _letters.ReadAsync(caseNumber, LetterFormat.Pdf, generation).ConfigureAwait(false)
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
