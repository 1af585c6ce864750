using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The body of <c>POST /cases/{caseNumber}/conflict-statement</c>.</summary>
public sealed record ConflictStatementBody
{
    /// <summary>True: the reviewer has no conflict of interest in this case; false: they decline it.</summary>
    public bool? NoConflict { get; init; }

    /// <summary>Why the reviewer declines (required when <see cref="NoConflict"/> is false); short, non-clinical.</summary>
    public string? Reason { get; init; }

    /// <summary>The reviewer making the statement; optional (a signed-in reviewer is themselves, a credential names its reviewer).</summary>
    public string? ReviewerId { get; init; }

    /// <summary>The assignment credential from the notice of assignment, for a caller who is not signed in.</summary>
    public string? AssignmentToken { get; init; }
}

/// <summary>
/// Takes the assigned reviewer's per-case conflict statement (LC § 139.5) and hands it to the case's orchestration: no
/// conflict opens the records and the decision to the reviewer; a decline releases the assignment, and the case goes to the
/// next eligible reviewer.
/// </summary>
public sealed class ConflictStatementSubmission(DurableTaskClient client, ICaseIndex index, IIdempotencyRecords idempotency, TimeProvider time, ILogger<ConflictStatementSubmission> log)
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The longest decline reason accepted.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Checks and hands over a statement: 202, or 400/403/404/409/413. A caller signed in as a reviewer
    /// (<paramref name="signedInReviewerId"/>) states as that reviewer; any other caller needs the assignment credential.
    /// </summary>
    public async Task<Outcome<ConflictStatement>> SubmitAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId = null, CancellationToken cancellationToken = default)
    {
        var outcome = await SubmitCoreAsync(caseNumber, body, assignmentToken, signedInReviewerId, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.ConflictStatementGiven(WorkflowLog.Safe(caseNumber), outcome.Value!.NoConflict);
        }
        else
        {
            log.Refused("ConflictStatement", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<ConflictStatement>> SubmitCoreAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<ConflictStatement>();
        }

        if (body.Length > MaxBodyBytes)
        {
            return Outcome<ConflictStatement>.Refused(OutcomeStatus.PayloadTooLarge, "The statement is too large.", "$", $"The limit is {MaxBodyBytes} bytes.");
        }

        if (!ApplicationJson.TryRead<ConflictStatementBody>(body.Span, out var request, out var readProblems))
        {
            return Outcome<ConflictStatement>.Invalid(readProblems);
        }

        var problems = Problems(request!);
        if (request!.ReviewerId is { } named && (string.IsNullOrWhiteSpace(named) || FreeText.SingleLineProblem(named) is not null))
        {
            problems.Add(new ValidationProblem("$.reviewerId", "A reviewer id, one line, when given."));
        }

        if (problems.Count > 0)
        {
            return Outcome<ConflictStatement>.Invalid(problems);
        }

        if (signedInReviewerId is not null && request!.ReviewerId is not null && !string.Equals(request.ReviewerId, signedInReviewerId, StringComparison.Ordinal))
        {
            return Outcome<ConflictStatement>.Refused(
                OutcomeStatus.Forbidden, "A reviewer states only in their own name.", "$.reviewerId", $"You are signed in as reviewer '{signedInReviewerId}'.");
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<ConflictStatement>.NotFound($"Case {number}");
        }

        var @case = found.Case;
        // A caller with the assignment credential states as the reviewer it was issued to (checked below).
        var reviewerId = signedInReviewerId ?? request!.ReviewerId ?? @case.ReviewerId;
        if (reviewerId is null || !string.Equals(reviewerId, @case.ReviewerId, StringComparison.Ordinal))
        {
            return Outcome<ConflictStatement>.Refused(
                OutcomeStatus.Forbidden, "Only the assigned reviewer states a conflict for this case.", "$.reviewerId", "This reviewer is not assigned to the case.");
        }

        if (@case.State is not (CaseState.AwaitingRecords or CaseState.UnderReview))
        {
            return Outcome<ConflictStatement>.Refused(
                OutcomeStatus.Conflict, $"Case {number} is {@case.State}.", "state", "A conflict statement is taken only while the case is assigned and open.");
        }

        if (@case.NoConflictStatedAt is { } stated)
        {
            return Outcome<ConflictStatement>.Refused(
                OutcomeStatus.Conflict,
                $"Case {number} has the reviewer's statement already.",
                "state",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Reviewer '{reviewerId}' stated no conflict at {stated:O}; a statement is given once per assignment."));
        }

        var token = ReviewerCredential.Token(assignmentToken, request!.AssignmentToken);
        if (signedInReviewerId is null && !await ReviewerCredential.HoldsAsync(idempotency, @case, token, cancellationToken).ConfigureAwait(false))
        {
            return ReviewerCredential.Refusal<ConflictStatement>();
        }

        var statement = new ConflictStatement(reviewerId!, request!.NoConflict!.Value, request.Reason?.Trim(), time.GetUtcNow());
        await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(number), CaseWorkflowContract.ConflictStatementEvent, statement, cancellationToken)
            .ConfigureAwait(false);
        return Outcome<ConflictStatement>.Success(statement, OutcomeStatus.Accepted);
    }

    private static List<ValidationProblem> Problems(ConflictStatementBody request)
    {
        var problems = new List<ValidationProblem>();
        if (request.NoConflict is not { } noConflict)
        {
            problems.Add(new("$.noConflict", "Required: true when you have no conflict of interest in this case, false to decline it (LC § 139.5)."));
            return problems;
        }

        if (noConflict && request.Reason is not null)
        {
            problems.Add(new("$.reason", "Only a decline (noConflict false) takes a reason."));
        }
        else if (!noConflict && (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength))
        {
            problems.Add(new("$.reason", $"A decline needs its reason, 1 to {MaxReasonLength} characters."));
        }
        else if (!noConflict && FreeText.SingleLineProblem(request.Reason) is { } why)
        {
            problems.Add(new("$.reason", why));
        }

        return problems;
    }
}
