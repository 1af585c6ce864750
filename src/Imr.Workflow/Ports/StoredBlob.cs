namespace Imr.Workflow.Ports;

/// <summary>A stored blob: its path (container/name) and SHA-256 content hash (hex).</summary>
public sealed record StoredBlob(string Path, string ContentHash, long Length);
