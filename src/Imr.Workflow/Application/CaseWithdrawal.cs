using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The body of <c>POST /cases/{caseNumber}/withdraw</c>.</summary>
public sealed record WithdrawalRequest
{
    /// <summary>Why the application is withdrawn; short and non-clinical.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// The worker withdraws the application; the case's orchestration ends it. A stuck case whose orchestration no longer
/// runs (failed, ended or missing) is started again from its row with the withdrawal carried in, so it ends all the same.
/// A withdrawal covers this application only: the applications joined to it (8 CCR § 9792.10.4(a)) are handed on first
/// (<see cref="ConsolidationHandover"/>), so none is left Consolidated into a case that ended.
/// </summary>
public sealed class CaseWithdrawal(DurableTaskClient client, ICaseIndex index, IAuditTrail audit, TimeProvider time, CaseRepair repair, ConsolidationHandover handover, ILogger<CaseWithdrawal> log)
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Asks the case to end as withdrawn: 202, 400, 404, or 409 when the case has already ended.</summary>
    public async Task<Outcome<CaseEnded>> WithdrawAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var outcome = await WithdrawCoreAsync(caseNumber, body, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.CaseWithdrawn(WorkflowLog.Safe(caseNumber), outcome.Value!.Reason.ToString());
        }
        else
        {
            log.Refused("WithdrawCase", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    private async Task<Outcome<CaseEnded>> WithdrawCoreAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<CaseEnded>();
        }

        if (body.Length > 64 * 1024)
        {
            return Outcome<CaseEnded>.Refused(OutcomeStatus.PayloadTooLarge, "The request is too large.", "$", "The limit is 65536 bytes.");
        }

        if (!ApplicationJson.TryRead<WithdrawalRequest>(body.Span, out var request, out var problems))
        {
            return Outcome<CaseEnded>.Invalid(problems);
        }

        if (string.IsNullOrWhiteSpace(request!.Reason) || request.Reason.Length > MaxReasonLength)
        {
            return Outcome<CaseEnded>.Invalid([new ValidationProblem("$.reason", $"A reason of 1 to {MaxReasonLength} characters is required.")]);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<CaseEnded>.NotFound($"Case {number}");
        }

        if (CaseStates.IsClosed(found.Case.State))
        {
            return Outcome<CaseEnded>.Refused(OutcomeStatus.Conflict, $"Case {number} is {found.Case.State} and can no longer be withdrawn.", "state", "The case has ended.");
        }

        var ended = new CaseEnded(CaseEndReason.Withdrawn, request.Reason.Trim(), time.GetUtcNow());
        await audit.AppendAsync(
            new AuditEntry
            {
                Id = $"{number}-withdrawal-requested",
                CaseNumber = number,
                Actor = "api",
                Action = "WithdrawalRequested",
                At = ended.At,
            },
            cancellationToken).ConfigureAwait(false);
        // Before the case ends: once the register hands them on, the carrier's review can no longer take them.
        await handover.HandOverAsync(found.Case, cancellationToken).ConfigureAwait(false);
        var instance = await repair.ReadAsync(number, cancellationToken).ConfigureAwait(false);
        if (CaseRepair.IsRunning(instance))
        {
            await client.RaiseEventAsync(CaseWorkflowContract.InstanceId(number), CaseWorkflowContract.CaseEndedEvent, ended, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            // Raised to an orchestration that no longer runs, the event would change nothing.
            await repair.RestartAsync(found.Case, instance, ended, cancellationToken).ConfigureAwait(false);
        }
        return Outcome<CaseEnded>.Success(ended, OutcomeStatus.Accepted);
    }
}
