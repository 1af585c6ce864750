namespace Imr.Workflow.Ports;

/// <summary>Whether the application's storage answers and holds what the system needs (the health check asks).</summary>
public interface IStorageReadiness
{
    /// <summary>Null when storage is ready; otherwise why not, in words fit for an operator (no case content).</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken = default);
}
