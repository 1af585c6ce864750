using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The body of <c>POST /cases/{caseNumber}/information-requests</c>.</summary>
public sealed record InformationRequestBody
{
    /// <summary>The reviewer asking; must be the one assigned.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>What is asked for, one entry per item (e.g. "Physical therapy notes since 2026-01-01").</summary>
    public IReadOnlyList<string?>? Items { get; init; }

    /// <summary>The assignment credential, for a caller without a reviewer session.</summary>
    public string? AssignmentToken { get; init; }
}

/// <summary>
/// Takes the assigned reviewer's request for information needed for the review (8 CCR § 9792.10.5(b), (c)) and hands it
/// to the case's orchestration, which copies it to every party with the due date and audits it. The same request sent
/// again is accepted once.
/// </summary>
public sealed class InformationRequestSubmission(DurableTaskClient client, ICaseIndex index, IIdempotencyRecords idempotency, TimeProvider time, ILogger<InformationRequestSubmission> log)
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The most items one request may list.</summary>
    public const int MaxItems = 50;

    /// <summary>The longest item, in characters.</summary>
    public const int MaxItemLength = 1000;

    /// <summary>Checks and submits a request: 202, or 400/403/404/409 with every problem.</summary>
    public async Task<Outcome<SubmittedInformationRequest>> SubmitAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId, CancellationToken cancellationToken = default)
    {
        var outcome = await SubmitCoreAsync(caseNumber, body, assignmentToken, signedInReviewerId, cancellationToken).ConfigureAwait(false);
        if (!outcome.IsSuccess)
        {
            log.Refused("RequestInformation", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<SubmittedInformationRequest>> SubmitCoreAsync(
        string caseNumber, ReadOnlyMemory<byte> body, string? assignmentToken, string? signedInReviewerId, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<SubmittedInformationRequest>();
        }

        if (!ApplicationJson.TryRead<InformationRequestBody>(body.Span, out var request, out var readProblems))
        {
            return Outcome<SubmittedInformationRequest>.Invalid(readProblems);
        }

        var problems = Problems(request!);
        if (problems.Count > 0)
        {
            return Outcome<SubmittedInformationRequest>.Invalid(problems);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<SubmittedInformationRequest>.NotFound($"Case {number}");
        }

        var @case = found.Case;
        if (signedInReviewerId is not null && !string.Equals(request!.ReviewerId, signedInReviewerId, StringComparison.Ordinal))
        {
            return Outcome<SubmittedInformationRequest>.Refused(
                OutcomeStatus.Forbidden, "A reviewer asks only in their own name.", "$.reviewerId", $"You are signed in as reviewer '{signedInReviewerId}'.");
        }

        if (!string.Equals(request!.ReviewerId, @case.ReviewerId, StringComparison.Ordinal))
        {
            return Outcome<SubmittedInformationRequest>.Refused(
                OutcomeStatus.Forbidden, "Only the assigned reviewer may request information for this case.", "$.reviewerId", "This reviewer is not assigned to the case.");
        }

        if (@case.State is not CaseState.UnderReview)
        {
            return Outcome<SubmittedInformationRequest>.Refused(
                OutcomeStatus.Conflict, $"Case {number} is {@case.State}, not under review.", "state", "Information is requested only while the case is under review.");
        }

        var token = ReviewerCredential.Token(assignmentToken, request.AssignmentToken);
        if (signedInReviewerId is null && !await ReviewerCredential.HoldsAsync(idempotency, @case, token, cancellationToken).ConfigureAwait(false))
        {
            return ReviewerCredential.Refusal<SubmittedInformationRequest>();
        }

        // The request's identity is what it asks, by whom, in which assignment: the same request again is a replay.
        var items = request.Items!.Select(i => i!.Trim()).ToList();
        var canonical = System.Text.Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{@case.AssignmentCount}\n{request.ReviewerId}\n{string.Join("\n", items)}"));
        var requestId = ApplicationJson.Sha256(canonical)[..16];
        var claim = await idempotency.ClaimAsync($"information-request:{number}:{requestId}", number, requestId, cancellationToken).ConfigureAwait(false);
        // Raised again on a replay too (a raise lost after the claim must not lose the request); the orchestration
        // handles a request id once.
        await client.RaiseEventAsync(
            CaseWorkflowContract.InstanceId(number),
            CaseWorkflowContract.InformationRequestedEvent,
            new InformationRequested(requestId, request.ReviewerId!, items, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);

        return Outcome<SubmittedInformationRequest>.Success(new SubmittedInformationRequest(number.ToString(), requestId, claim.IsNew), OutcomeStatus.Accepted);
    }

    private static List<ValidationProblem> Problems(InformationRequestBody request)
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(request.ReviewerId))
        {
            problems.Add(new ValidationProblem("$.reviewerId", "The reviewer id is required."));
        }
        else if (FreeText.SingleLineProblem(request.ReviewerId) is { } reviewerProblem)
        {
            problems.Add(new ValidationProblem("$.reviewerId", reviewerProblem));
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            problems.Add(new ValidationProblem("$.items", "At least one item is required: what the parties are asked to provide."));
            return problems;
        }

        if (request.Items.Count > MaxItems)
        {
            problems.Add(new ValidationProblem("$.items", $"At most {MaxItems} items may be requested at once."));
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"$.items[{i}]");
            if (string.IsNullOrWhiteSpace(item))
            {
                problems.Add(new ValidationProblem(path, "An item must say what is asked for; it is empty."));
            }
            else if (item.Length > MaxItemLength)
            {
                problems.Add(new ValidationProblem(path, $"An item is at most {MaxItemLength} characters."));
            }
            else if (FreeText.SingleLineProblem(item) is { } textProblem)
            {
                // The parties receive it as written: nothing that could make it read differently (docs/api.md, "Free text").
                problems.Add(new ValidationProblem(path, textProblem));
            }
        }

        return problems;
    }
}

/// <summary>The answer to a request for information.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="RequestId">The request's id, the same for the same request.</param>
/// <param name="First">False when the same request was made before (nothing is sent twice).</param>
public sealed record SubmittedInformationRequest(string CaseNumber, string RequestId, bool First);
