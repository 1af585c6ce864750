namespace Imr.Workflow.Ports;

/// <summary>Thrown when write-once content would be overwritten with something different.</summary>
public sealed class WriteOnceViolationException : InvalidOperationException
{
    /// <summary>Creates the exception for a blob path.</summary>
    public WriteOnceViolationException(string path)
        : base($"'{path}' is write-once and already holds different content.") => BlobPath = path;

    /// <summary>Creates the exception with no path.</summary>
    public WriteOnceViolationException()
        : base("The blob is write-once and already holds different content.") => BlobPath = "";

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public WriteOnceViolationException(string message, Exception innerException)
        : base(message, innerException) => BlobPath = "";

    /// <summary>The blob that was protected.</summary>
    public string BlobPath { get; }
}
