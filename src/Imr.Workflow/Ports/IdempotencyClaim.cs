using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>A claimed idempotency key.</summary>
public sealed record IdempotencyClaim(string Key, CaseNumber CaseNumber, string ContentHash, bool IsNew);
