namespace Imr.Local;

/// <summary>Settings of the one-machine host, bound from the <c>ImrLocal</c> configuration section.</summary>
internal sealed class LocalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ImrLocal";

    /// <summary><c>azurestorage</c> (durable, on Azurite; the default) or <c>memory</c> (fast, forgets on exit).</summary>
    public string Engine { get; set; } = "azurestorage";

    /// <summary>The port of the HTTP API on 127.0.0.1.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The repository root (holds node_modules and .data); found by walking up from the working directory when unset.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Where Azurite keeps its files; defaults to <c>.data/azurite</c> under the repository root.</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>Azurite's blob port; queue and table use the next two.</summary>
    public int AzuriteBlobPort { get; set; } = 10000;

    /// <summary>The durable task hub name (Azure Storage engine).</summary>
    public string TaskHub { get; set; } = "imrlocal";

    /// <summary>
    /// How long a dequeued orchestration or activity message stays invisible. The library default is 5 minutes, which is
    /// how long a case would stall after a crash; 15 s lets a restarted host pick its work up quickly.
    /// </summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the intake and records containers are polled.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the escalation sweep runs (Functions uses <c>IMR_ESCALATION_SCHEDULE</c>).</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True for the in-memory engine.</summary>
    public bool UsesMemoryEngine => string.Equals(Engine, "memory", StringComparison.OrdinalIgnoreCase);
}
