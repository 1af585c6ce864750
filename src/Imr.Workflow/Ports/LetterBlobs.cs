namespace Imr.Workflow.Ports;

/// <summary>The two blobs of an issued letter.</summary>
public sealed record LetterBlobs(StoredBlob Text, StoredBlob Pdf);
