using Imr.Domain.Cases;
using Imr.Domain.Decisions;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The body of <c>POST /cases/{caseNumber}/decision</c>.</summary>
public sealed record DecisionRequest
{
    /// <summary>The reviewer deciding; must be the one assigned.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>One decision per disputed item.</summary>
    public IReadOnlyList<ItemDecision>? Items { get; init; }

    /// <summary>The reviewer's clinical case summary for the letter.</summary>
    public string? ClinicalSummary { get; init; }

    /// <summary>The assignment credential issued with the notice of assignment, when the workflow issued one.</summary>
    public string? AssignmentToken { get; init; }
}

/// <summary>
/// Takes the assigned reviewer's decision and hands it to the case's orchestration. Checks what can be checked here
/// (shape, the assigned reviewer, one decision per disputed item, the case's state); the orchestration checks the rest.
/// </summary>
public sealed class DecisionSubmission(DurableTaskClient client, ICaseIndex index, IIdempotencyRecords idempotency, IAuditTrail audit, TimeProvider time, ILogger<DecisionSubmission> log)
{
    /// <summary>The largest decision body accepted.</summary>
    public const int MaxDecisionBytes = 256 * 1024;

    /// <summary>
    /// Checks and submits a decision: 202, or 400/403/404/409/413 with every problem. A caller signed in as a reviewer
    /// (<paramref name="signedInReviewerId"/>) decides as that reviewer and needs no assignment credential; any other caller
    /// is refused 403 when the credential is missing or stale.
    /// </summary>
    public async Task<Outcome<SubmittedDecision>> SubmitAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId = null, CancellationToken cancellationToken = default)
    {
        var outcome = await SubmitCoreAsync(caseNumber, body, assignmentToken, signedInReviewerId, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.DecisionAccepted(outcome.Value!.CaseNumber, outcome.Value.First);
        }
        else
        {
            log.Refused("SubmitDecision", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<SubmittedDecision>> SubmitCoreAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<SubmittedDecision>();
        }

        if (body.Length > MaxDecisionBytes)
        {
            return Outcome<SubmittedDecision>.Refused(OutcomeStatus.PayloadTooLarge, "The decision is too large.", "$", $"The limit is {MaxDecisionBytes} bytes.");
        }

        if (!ApplicationJson.TryRead<DecisionRequest>(body.Span, out var request, out var readProblems))
        {
            return Outcome<SubmittedDecision>.Invalid(readProblems);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<SubmittedDecision>.NotFound($"Case {number}");
        }

        var @case = found.Case;
        if (string.IsNullOrWhiteSpace(request!.ReviewerId))
        {
            return Outcome<SubmittedDecision>.Invalid([new ValidationProblem("$.reviewerId", "The reviewer id is required.")]);
        }

        if (signedInReviewerId is not null && !string.Equals(request.ReviewerId, signedInReviewerId, StringComparison.Ordinal))
        {
            return Outcome<SubmittedDecision>.Refused(
                OutcomeStatus.Forbidden, "A reviewer decides only in their own name.", "$.reviewerId", $"You are signed in as reviewer '{signedInReviewerId}'.");
        }

        if (!string.Equals(request.ReviewerId, @case.ReviewerId, StringComparison.Ordinal))
        {
            await audit.AppendAsync(
                new AuditEntry
                {
                    Id = $"{number}-decision-refused-{ApplicationJson.Sha256(body.Span)[..16]}",
                    CaseNumber = number,
                    Actor = $"reviewer:{request.ReviewerId}",
                    Action = "DecisionRefused",
                    At = time.GetUtcNow(),
                    Detail = "not the assigned reviewer",
                },
                cancellationToken).ConfigureAwait(false);
            return Outcome<SubmittedDecision>.Refused(
                OutcomeStatus.Forbidden, "Only the assigned reviewer may decide this case.", "$.reviewerId", "This reviewer is not assigned to the case.");
        }

        var decision = new ReviewerDecision { ReviewerId = request.ReviewerId, Items = request.Items, ClinicalSummary = request.ClinicalSummary };

        // The workflow's own check, the one the orchestration applies again before issuing the letter.
        var problems = DecisionCheck.Problems(decision, @case.ReviewerId, @case.Items);
        if (problems.Count > 0)
        {
            return Outcome<SubmittedDecision>.Invalid(problems);
        }

        if (@case.State is CaseState.Determined || @case.Determination is not null)
        {
            return AlreadyDecided(number);
        }

        if (@case.State is not CaseState.UnderReview)
        {
            return Outcome<SubmittedDecision>.Refused(
                OutcomeStatus.Conflict, $"Case {number} is {@case.State}, not under review.", "state", "A decision is taken only while the case is under review.");
        }

        // The assignment credential proves the caller is the reviewer the notice of assignment went to. Only tokens issued
        // for the current assignment count, so a token replayed after a reassignment is refused. A signed-in reviewer's
        // session already proves who they are (docs/security.md).
        var token = ReviewerCredential.Token(assignmentToken, request.AssignmentToken);
        if (signedInReviewerId is null && !await ReviewerCredential.HoldsAsync(idempotency, @case, token, cancellationToken).ConfigureAwait(false))
        {
            await audit.AppendAsync(
                new AuditEntry
                {
                    Id = $"{number}-decision-refused-{ApplicationJson.Sha256(System.Text.Encoding.UTF8.GetBytes(token ?? ""))[..16]}-{@case.AssignmentCount}",
                    CaseNumber = number,
                    Actor = $"reviewer:{request.ReviewerId}",
                    Action = "DecisionRefused",
                    At = time.GetUtcNow(),
                    Detail = string.IsNullOrEmpty(token) ? "no assignment credential" : "assignment credential not valid for the current assignment",
                },
                cancellationToken).ConfigureAwait(false);
            return ReviewerCredential.Refusal<SubmittedDecision>();
        }

        // The reviewer states no conflict of interest before deciding (LC § 139.5).
        if (@case.NoConflictStatedAt is null)
        {
            return Outcome<SubmittedDecision>.Refused(
                OutcomeStatus.Conflict,
                $"Case {number} needs the reviewer's conflict statement first.",
                "conflictStatement",
                "State that you have no conflict of interest in this case (POST /cases/{caseNumber}/conflict-statement, LC § 139.5) before deciding it.");
        }

        // One decision per assignment: the same body again is a replay, a different one a conflict. A reassigned case
        // (a new assignment count) takes its new reviewer's decision.
        var hash = ApplicationJson.Sha256(body.Span);
        var claim = await idempotency.ClaimAsync(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"decision:{number}:{@case.AssignmentCount}"), number, hash, cancellationToken)
            .ConfigureAwait(false);
        if (!claim.IsNew && claim.ContentHash != hash)
        {
            return AlreadyDecided(number);
        }

        await client.RaiseEventAsync(
            CaseWorkflowContract.InstanceId(number),
            CaseWorkflowContract.DecisionSubmittedEvent,
            new DecisionSubmitted(decision, assignmentToken ?? request.AssignmentToken, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        return Outcome<SubmittedDecision>.Success(new SubmittedDecision(number.ToString(), claim.IsNew), OutcomeStatus.Accepted);
    }

    private static Outcome<SubmittedDecision> AlreadyDecided(CaseNumber number) =>
        Outcome<SubmittedDecision>.Refused(OutcomeStatus.Conflict, $"Case {number} has already been decided.", "state", "A case is decided once.");
}

/// <summary>The answer to a decision submission.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="First">False when the same decision was submitted before.</param>
public sealed record SubmittedDecision(string CaseNumber, bool First);
