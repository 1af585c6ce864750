using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Why input was refused; written as JSON beside the quarantined file. No clinical text.</summary>
public sealed record QuarantineReport
{
    /// <summary>Where the input came from, e.g. "intake/case-123.json" or "http".</summary>
    public required string Source { get; init; }

    /// <summary>When it was refused.</summary>
    public required DateTimeOffset RefusedAt { get; init; }

    /// <summary>Every problem, each with a JSON path (or field) and a plain reason.</summary>
    public required IReadOnlyList<ValidationProblem> Problems { get; init; }
}
