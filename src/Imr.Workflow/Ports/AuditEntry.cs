using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>One audit entry: who did what to which case, when, under which policy and workflow version. No clinical text.</summary>
public sealed record AuditEntry
{
    /// <summary>Deterministic id (e.g. derived from the orchestration instance and step) so a retried write is recognised.</summary>
    public required string Id { get; init; }

    /// <summary>The case.</summary>
    public required CaseNumber CaseNumber { get; init; }

    /// <summary>Who: "system", "reviewer:{id}", "claims-administrator", "api", "timer".</summary>
    public required string Actor { get; init; }

    /// <summary>What: e.g. "CaseAccepted", "Assigned", "Escalated", "DecisionRefused", "Determined".</summary>
    public required string Action { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Short, non-clinical detail (state change, reviewer id, reasons).</summary>
    public string Detail { get; init; } = "";

    /// <summary>The statutory policy version in force.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>The workflow (rules) version in force.</summary>
    public string WorkflowVersion { get; init; } = "";
}
