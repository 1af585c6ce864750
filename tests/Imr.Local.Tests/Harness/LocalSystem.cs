using Imr.Testing;
using Imr.Testing.Acceptance;

namespace Imr.Local.Tests.Harness;

/// <summary>
/// One Azurite and one running Imr.Local (Azure Storage engine, statutory days compressed to ten seconds, so no deadline
/// falls inside a test even on a loaded machine) shared by the end-to-end tests, which are one collection so they never
/// compete for the two cores; the acceptance suite's scenarios run against it.
/// </summary>
public sealed class LocalSystem : IImrSystem, IAsyncLifetime
{
    /// <summary>Real seconds per statutory day for the shared host.</summary>
    public const double SecondsPerDay = IImrSystem.SecondsPerDay;

    /// <summary>The storage emulator.</summary>
    public AzuriteInstance Azurite { get; } = new();

    /// <summary>The running host.</summary>
    public LocalProcess Local { get; private set; } = null!;

    /// <summary>The API client.</summary>
    public HttpClient Api => Local.Client;

    /// <inheritdoc />
    public string Kind => "Imr.Local";

    /// <inheritdoc />
    public string StorageConnectionString => Azurite.ConnectionString;

    /// <inheritdoc />
    public IImrHost Host => Local;

    /// <inheritdoc />
    public async Task<IImrHost> StartHostAsync(string taskHub, double? secondsPerDay) =>
        await LocalProcess.StartAsync(Azurite.ConnectionString, taskHub, secondsPerDay: secondsPerDay);

    /// <inheritdoc />
    public async Task<IImrHost?> StartConsolidatingHostAsync(string taskHub) =>
        await LocalProcess.StartAsync([$"--ImrStorage={Azurite.ConnectionString}", $"--ImrLocal:TaskHub={taskHub}", "--consolidate", "true"], SecondsPerDay);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Local = await LocalProcess.StartAsync(Azurite.ConnectionString, "e2ehub", secondsPerDay: SecondsPerDay);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Local is not null)
        {
            await Local.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        if (Local is not null)
        {
            SuiteLog.ShouldHaveNoStackTrace(Kind, Local.Output);
        }
    }
}

/// <summary>The collection every test that drives the running system belongs to.</summary>
[CollectionDefinition(Name)]
public sealed class LocalSystemCollection : ICollectionFixture<LocalSystem>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Imr.Local end to end";
}
