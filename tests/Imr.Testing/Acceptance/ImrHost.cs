namespace Imr.Testing.Acceptance;

/// <summary>
/// One running host of the system, as a client sees it: the HTTP API, the blob events it is told of, and its process.
/// Imr.Local and the Functions app under the real Functions host each implement it, so one suite runs against both.
/// </summary>
public interface IImrHost : IAsyncDisposable
{
    /// <summary>A client whose base address is the API root (<c>/api/</c>), with the function key where the host needs one.</summary>
    HttpClient Api { get; }

    /// <summary>A client for the same API root that sends no key.</summary>
    HttpClient Anonymous { get; }

    /// <summary>Whether the host's own webhooks take a system key (the Functions host's do; Imr.Local has none). API routes take none.</summary>
    bool RequiresKey { get; }

    /// <summary>
    /// Whether a path or method no route takes gets a problem body. Imr.Local answers it; under the Functions host the host's
    /// own router answers before any function runs, with an empty 404.
    /// </summary>
    bool AnswersUnknownRoutes { get; }

    /// <summary>
    /// Whether a header value outside ASCII reaches the app. Imr.Local hands it on; the Functions host's forwarder to the
    /// worker cannot send it and answers an empty 500 itself.
    /// </summary>
    bool ForwardsNonAsciiHeaders => true;

    /// <summary>What the host process wrote so far (for failure messages and log assertions).</summary>
    string Output { get; }

    /// <summary>
    /// Tells the host that these blobs were created, in this order, as Event Grid delivers <c>BlobCreated</c> events to the
    /// Functions host; a blob named twice is delivered twice. Imr.Local watches the containers itself, so there it does nothing.
    /// </summary>
    Task BlobsCreatedAsync(params (string Container, string Name)[] blobs);

    /// <summary>kill -9 of the host and everything it started.</summary>
    void Kill();

    /// <summary>Starts the host again with the same settings, port and keys, and waits until it is healthy.</summary>
    Task RestartAsync();
}

/// <summary>
/// A host kind over one Azurite: the shared host most scenarios use (statutory days compressed to <see cref="SecondsPerDay"/>),
/// and more hosts of the same kind on the same storage for scenarios that kill or speed up their own.
/// </summary>
public interface IImrSystem
{
    /// <summary>Real seconds per statutory day on the shared host: long enough that no deadline falls inside a test.</summary>
    public const double SecondsPerDay = 10;

    /// <summary>The host kind, for messages.</summary>
    string Kind { get; }

    /// <summary>The application's storage (Azurite).</summary>
    string StorageConnectionString { get; }

    /// <summary>The shared host.</summary>
    IImrHost Host { get; }

    /// <summary>Starts another host on the same storage with a task hub of its own; null seconds per day is real time.</summary>
    Task<IImrHost> StartHostAsync(string taskHub, double? secondsPerDay);

    /// <summary>
    /// Starts another host like <see cref="StartHostAsync"/> that consolidates applications (8 CCR § 9792.10.4(a)), or null
    /// where the host kind has no such setting yet.
    /// </summary>
    Task<IImrHost?> StartConsolidatingHostAsync(string taskHub) => Task.FromResult<IImrHost?>(null);
}
