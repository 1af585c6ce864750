namespace Imr.Workflow.Ports;

/// <summary>What happened when a record was stored.</summary>
public enum RecordStoreOutcome
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>The same content was already stored under that name.</summary>
    AlreadyStored,

    /// <summary>Different content is already stored under that name; nothing was written.</summary>
    Conflict,
}
