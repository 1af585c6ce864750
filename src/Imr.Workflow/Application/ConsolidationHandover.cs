using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// A carrier withdrawn before its review starts takes only its own application with it: each application joined to it
/// (8 CCR § 9792.10.4(a)) was filed on its own and is not withdrawn. The first joined application becomes a case of its own
/// again and carries the others: it runs on from acceptance, with its own notice of assignment (§ 9792.10.4(b)) and so its
/// own records clock (§ 9792.10.5(a)(1)); the others stay Consolidated, now into it. Every step is repeatable.
/// </summary>
public sealed class ConsolidationHandover(IConsolidationRegister register, ICaseIndex index, ICaseFileStore files, IAuditTrail audit, TimeProvider time, CaseStartSettings settings, CaseRepair repair)
{
    /// <summary>Hands the applications joined to <paramref name="carrier"/> on, before it is withdrawn; returns them (none when it carries none or its review started).</summary>
    public async Task<IReadOnlyList<CaseNumber>> HandOverAsync(Case carrier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        if (!settings.Consolidate || carrier.State == CaseState.UnderReview
            || await files.ReadAcceptedCaseFileAsync(carrier.CaseNumber, cancellationToken).ConfigureAwait(false) is not { } caseFile)
        {
            return [];
        }

        var joined = await register.HandOverAsync(ConsolidationKey.Of(caseFile), carrier.CaseNumber, cancellationToken).ConfigureAwait(false);
        if (joined.Count == 0)
        {
            return [];
        }

        var next = joined[0];
        var now = time.GetUtcNow();
        await AuditAsync(carrier, "ConsolidationHandedOver", $"carrier={next}; applications={string.Join(",", joined)}", now, cancellationToken).ConfigureAwait(false);
        foreach (var application in joined.Skip(1))
        {
            var row = await index.UpdateAsync(
                application,
                c => c.State != CaseState.Consolidated || c.ConsolidatedInto == next ? null : c with { ConsolidatedInto = next, StateReason = $"Consolidated into {next}", UpdatedAt = now },
                cancellationToken).ConfigureAwait(false);
            await AuditAsync(row, "ConsolidationHandedOver", $"from={carrier.CaseNumber}; consolidatedInto={next}", now, cancellationToken).ConfigureAwait(false);
        }

        // The new carrier's row opens again (Received) before its run starts, so acceptance, which moves only a Received
        // row, runs it on; a repeat finds it open already and its run going.
        var reopened = await index.UpdateAsync(
            next,
            c => c.State != CaseState.Consolidated ? null : c with { State = CaseState.Received, ConsolidatedInto = null, StateReason = $"Carries its own review: {carrier.CaseNumber} was withdrawn before its review", UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        await AuditAsync(reopened, "ConsolidationCarried", $"from={carrier.CaseNumber}; applications={string.Join(",", joined.Skip(1))}", now, cancellationToken).ConfigureAwait(false);
        var instance = await repair.ReadAsync(next, cancellationToken).ConfigureAwait(false);
        if (reopened.State == CaseState.Received && !CaseRepair.IsRunning(instance))
        {
            await repair.RestartAsync(reopened, instance, ended: null, cancellationToken).ConfigureAwait(false);
        }

        return joined;
    }

    private Task AuditAsync(Case row, string action, string detail, DateTimeOffset at, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEntry
            {
                // One id per case and action, so a repeated hand-over writes nothing twice.
                Id = $"{row.CaseNumber}-{action}",
                CaseNumber = row.CaseNumber,
                Actor = "api",
                Action = action,
                At = at,
                Detail = detail,
                PolicyVersion = row.PolicyVersion,
                WorkflowVersion = row.WorkflowVersion,
            },
            cancellationToken);
}
