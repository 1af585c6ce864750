namespace Imr.Workflow.Ports;

/// <summary>Content read back from a blob.</summary>
public sealed record StoredContent(string Path, ReadOnlyMemory<byte> Content, string ContentType, string? ContentHash);
