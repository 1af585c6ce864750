namespace Imr.Storage;

/// <summary>The exact names of the containers, tables and queue the system uses.</summary>
public static class StorageNames
{
    /// <summary>Case files as they arrive.</summary>
    public const string IntakeContainer = "intake";

    /// <summary>Accepted case files and their medical records.</summary>
    public const string CasesContainer = "cases";

    /// <summary>Issued Final Determination letters.</summary>
    public const string DeterminationsContainer = "determinations";

    /// <summary>Refused input with its error reports; never deleted.</summary>
    public const string QuarantineContainer = "quarantine";

    /// <summary>The case index: one row per case, and the case's audit trail in the same partition.</summary>
    public const string CasesTable = "Cases";

    /// <summary>The deadline index the escalation timer reads.</summary>
    public const string DeadlinesTable = "Deadlines";

    /// <summary>The reviewer registry, specialty index and assignment rows.</summary>
    public const string ReviewersTable = "Reviewers";

    /// <summary>One counter row per case-number year.</summary>
    public const string CaseNumbersTable = "CaseNumbers";

    /// <summary>Idempotency keys and the cases they created.</summary>
    public const string IdempotencyTable = "Idempotency";

    /// <summary>Outgoing notifications.</summary>
    public const string NotificationsQueue = "notifications";

    /// <summary>The blob metadata key holding the SHA-256 (lowercase hex) of every blob the system writes.</summary>
    public const string ContentHashMetadataKey = "sha256";

    /// <summary>Every container.</summary>
    public static IReadOnlyList<string> Containers { get; } =
        [IntakeContainer, CasesContainer, DeterminationsContainer, QuarantineContainer];

    /// <summary>Every table.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        [CasesTable, DeadlinesTable, ReviewersTable, CaseNumbersTable, IdempotencyTable];
}
