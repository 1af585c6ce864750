namespace Imr.Workflow.Ports;

/// <summary>The result of storing a record.</summary>
public sealed record RecordStoreResult(RecordStoreOutcome Outcome, StoredBlob Blob);
