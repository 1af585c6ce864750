using Imr.Functions.Tests.Publishing;
using Imr.Testing.Acceptance;

namespace Imr.Functions.Tests.Hosting;

/// <summary>
/// One Azurite and the published app under the real Functions host (statutory days compressed to ten seconds), shared by
/// the acceptance suite's scenarios on this host. Where no host can run, every test of the collection skips saying why,
/// except under CI, where the fixture fails.
/// </summary>
public sealed class FunctionsHostSystem : IImrSystem, IAsyncLifetime
{
    private FunctionsHostProcess? host;
    private string? publishDirectory;

    private AzuriteInstance Azurite { get; } = new();

    /// <inheritdoc />
    public string Kind => "the Functions host";

    /// <inheritdoc />
    public string StorageConnectionString => host is null ? throw Unavailable() : Azurite.ConnectionString;

    /// <summary>The shared host, as the Functions host's own process.</summary>
    public FunctionsHostProcess Process => host ?? throw Unavailable();

    /// <inheritdoc />
    public IImrHost Host => Process;

    /// <inheritdoc />
    public async Task<IImrHost> StartHostAsync(string taskHub, double? secondsPerDay) =>
        await FunctionsHostProcess.StartAsync(
            publishDirectory ?? throw Unavailable(),
            Azurite.ConnectionString,
            taskHub,
            secondsPerDay);

    /// <inheritdoc />
    public async Task<IImrHost?> StartConsolidatingHostAsync(string taskHub) =>
        await FunctionsHostProcess.StartAsync(
            publishDirectory ?? throw Unavailable(), Azurite.ConnectionString, taskHub, IImrSystem.SecondsPerDay, consolidate: true);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (FunctionsHostRunner.Unavailable is { } reason)
        {
            if (FunctionsHostRunner.Required)
            {
                throw new InvalidOperationException($"CI must run the Functions-host tests. {reason}");
            }

            return;
        }

        await Azurite.InitializeAsync();
        publishDirectory = await PublishedApp.DirectoryAsync();
        host = await FunctionsHostProcess.StartAsync(publishDirectory, Azurite.ConnectionString, "functionshub", IImrSystem.SecondsPerDay);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        if (host is not null)
        {
            // The host's forwarder cannot hand a non-ASCII header value to the worker and logs its own trace; no app code
            // runs for that request (docs/api.md, Size limits).
            SuiteLog.ShouldHaveNoStackTrace(Kind, host.Output, "Request headers must contain only ASCII characters.");
        }
    }

    // Storage is only started with the host, so a test that reaches for either without a host skips with the host's reason.
    private static SkipException Unavailable() => new(FunctionsHostRunner.Unavailable ?? "The Functions host did not start.");
}

/// <summary>The collection of tests that drive the app under the real Functions host.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostSystem>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Functions host end to end";
}
