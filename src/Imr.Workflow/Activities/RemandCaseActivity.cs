using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="RemandCaseActivity"/>.</summary>
public sealed record RemandCaseRequest
{
    /// <summary>The step ("g{generation}:remanded"); its instant is the remand's receipt.</summary>
    public required CaseStep Step { get; init; }

    /// <summary>The WCAB's order and the new review's determination generation.</summary>
    public required CaseRemanded Remand { get; init; }

    /// <summary>The remanded review's deadlines (<see cref="StatutoryClock.RemandedReview"/>).</summary>
    public required CaseDeadlines Deadlines { get; init; }
}

/// <summary>What the remanded review goes on with: who may not review it again, and the parties as the case file names them.</summary>
/// <param name="PreviousReviewerIds">Every reviewer who had the case, the one whose determination was reversed among them.</param>
/// <param name="NoticeRecipients">The parties of the notice of assignment (told of a conversion to expedited, as in the first review).</param>
/// <param name="ClaimsAdministrator">The claims administrator's party id.</param>
public sealed record CaseRemandTaken(IReadOnlyList<string> PreviousReviewerIds, IReadOnlyList<NoticeRecipient> NoticeRecipients, string ClaimsAdministrator);

/// <summary>
/// Takes in the WCAB's remand of a reversed determination (LC § 4610.6(i)): the Determined case row opens again
/// (<see cref="CaseJournal.RemandAsync"/>, the one way out of Determined) as Unassigned, the reversed determination moves
/// into the case's remands with the reviewer who made it, that reviewer joins those never assigned the case again, the
/// remanded review's deadlines are set, and the audit trail records the order (actor staff; no clinical text).
/// Idempotent: a retry finds the row reopened and changes nothing; the audit id is the step's.
/// </summary>
public sealed class RemandCaseActivity : TaskActivity<RemandCaseRequest, CaseRemandTaken>
{
    private readonly ICaseFileStore _files;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RemandCaseActivity(ICaseFileStore files, CaseJournal journal, ILogger<RemandCaseActivity> log)
    {
        _files = files;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<CaseRemandTaken> RunAsync(TaskActivityContext context, RemandCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var remand = input.Remand;
        var caseFile = await _files.ReadAcceptedCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {step.CaseNumber} has no stored case file.");
        string? setAsideBy = null;
        var row = await _journal.RemandAsync(
            step,
            c =>
            {
                if (c.State != CaseState.Determined || c.Remands.Any(r => r.Generation == remand.Generation))
                {
                    // Taken already (a retry), or not a determined case: nothing to reopen.
                    return null;
                }

                setAsideBy = c.ReviewerId;
                return c with
                {
                    State = CaseRemand.StateAfterRemand,
                    StateReason = string.Create(CultureInfo.InvariantCulture, $"remanded by the WCAB's order {remand.OrderReference} of {remand.OrderDate:yyyy-MM-dd} for review by a different reviewer (LC § 4610.6(i))"),
                    Remands =
                    [
                        .. c.Remands,
                        new CaseRemandRecord
                        {
                            Generation = remand.Generation,
                            OrderDate = remand.OrderDate,
                            OrderReference = remand.OrderReference,
                            ReceivedAt = step.At,
                            SetAsideReviewerId = c.ReviewerId,
                            SetAside = c.Determination,
                        },
                    ],
                    Determination = null,
                    ReviewerId = null,
                    PreviousReviewerIds = Excluding(c.PreviousReviewerIds, c.ReviewerId),
                    AssignedAt = null,
                    NoConflictStatedAt = null,
                    AssignmentTokenHashes = [],
                    EscalationLevel = 0,
                    Deadlines = input.Deadlines,
                };
            },
            "staff",
            "Remanded",
            string.Create(
                CultureInfo.InvariantCulture,
                $"generation={remand.Generation}; orderDate={remand.OrderDate:yyyy-MM-dd}; orderReference={remand.OrderReference}; determinationDue={input.Deadlines.DeterminationDue:O}")).ConfigureAwait(false);

        if (row.Remands.All(r => r.Generation != remand.Generation))
        {
            // The row was neither reopened now nor by an earlier try: the remand must not go on as if it had been.
            throw new InvalidOperationException($"Case {step.CaseNumber} is {row.State}; the remand could not reopen it.");
        }

        _log.RemandTaken(step.CaseNumber, step.Key, remand.Generation, row.PreviousReviewerIds.Count, setAsideBy is not null);
        var claimsAdministrator = caseFile.Parties?.ClaimsAdministrator?.Id;
        return new CaseRemandTaken(
            row.PreviousReviewerIds,
            AcceptCaseActivity.NoticeRecipients(caseFile),
            string.IsNullOrEmpty(claimsAdministrator) ? "claims-administrator" : claimsAdministrator);
    }

    private static List<string> Excluding(IReadOnlyList<string> previous, string? reviewerId) =>
        (reviewerId is null ? previous : previous.Append(reviewerId)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Calls this activity from the case orchestration.</summary>
    internal static Task<CaseRemandTaken> CallAsync(TaskOrchestrationContext context, RemandCaseRequest request, TaskOptions? options) =>
        context.CallActivityAsync<CaseRemandTaken>(nameof(RemandCaseActivity), request, options);
}
