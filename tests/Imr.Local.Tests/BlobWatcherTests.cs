using Azure.Storage.Blobs;
using Imr.Local.Engine;
using Imr.Local.Watching;
using Imr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Imr.Local.Tests;

/// <summary>
/// The blob watcher outlives a storage outage longer than the SDK's retries (which ends in an AggregateException, not the
/// RequestFailedException of one attempt): each failed pass is logged by exception type and the next pass tries again.
/// </summary>
public sealed class BlobWatcherTests
{
    [Fact]
    public async Task A_storage_outage_longer_than_the_retries_fails_passes_but_never_stops_the_watcher()
    {
        await using var azurite = await Imr.Testing.AzuriteInstance.StartAsync();
        var clients = StorageClients.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, MaxRetries = 1 });
        await CreateContainersAsync(clients.Blobs);
        var log = new ScanLog();
        using var services = new ServiceCollection().BuildServiceProvider();
        using var watcher = new BlobWatcher(
            clients,
            services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new LocalOptions { WatchInterval = TimeSpan.FromMilliseconds(200) }),
            new EngineReadiness { StorageReady = true, TaskHubReady = true },
            log);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await azurite.StopAsync();
            (await log.WaitForAsync(failures => failures.Count >= 3, TimeSpan.FromSeconds(60))).ShouldBeTrue($"three failed passes: {string.Join(", ", log.Failures)}");
            log.Failures.ShouldContain(f => f.Contains("AggregateException", StringComparison.Ordinal), $"the retries' AggregateException reached the pass: {string.Join(", ", log.Failures)}");
            watcher.ExecuteTask!.IsCompleted.ShouldBeFalse(watcher.ExecuteTask.Exception?.GetType().Name ?? "still running");

            // Storage back: the next passes succeed (no new failure while several intervals go by).
            await azurite.RestartAsync();
            await CreateContainersAsync(clients.Blobs);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var failed = log.Failures.Count;
            await Task.Delay(TimeSpan.FromSeconds(2));
            log.Failures.Count.ShouldBe(failed, $"passes fail after storage is back: {string.Join(", ", log.Failures)}");
            watcher.ExecuteTask.IsCompleted.ShouldBeFalse();
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Exhausted_retries_count_as_an_outage_not_as_a_bad_blob()
    {
        BlobWatcher.IsOutage(new AggregateException(new Azure.RequestFailedException("refused"), new HttpRequestException("refused"))).ShouldBeTrue();
        BlobWatcher.IsOutage(new AggregateException(new Azure.RequestFailedException("refused"), new InvalidDataException())).ShouldBeFalse();
        BlobWatcher.IsOutage(new AggregateException()).ShouldBeFalse();
        BlobWatcher.IsOutage(new InvalidDataException()).ShouldBeFalse();
    }

    private static async Task CreateContainersAsync(BlobServiceClient blobs)
    {
        await blobs.GetBlobContainerClient(StorageNames.IntakeContainer).CreateIfNotExistsAsync();
        await blobs.GetBlobContainerClient(StorageNames.CasesContainer).CreateIfNotExistsAsync();
    }

    /// <summary>The watcher's warnings about failed passes (their text names the exception type only).</summary>
    private sealed class ScanLog : ILogger<BlobWatcher>
    {
        private readonly List<string> failures = [];

        public IReadOnlyList<string> Failures
        {
            get
            {
                lock (failures)
                {
                    return [.. failures];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.StartsWith("Blob scan failed", StringComparison.Ordinal))
            {
                lock (failures)
                {
                    failures.Add(message);
                }
            }
        }

        public async Task<bool> WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition(Failures))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(100);
            }

            return true;
        }
    }
}
