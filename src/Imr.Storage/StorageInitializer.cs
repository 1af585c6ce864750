using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Storage;

/// <summary>
/// Creates the containers, tables and queue if they do not exist, and moves rows of an earlier table layout
/// (<see cref="LegacyRowKeys"/>); safe to run at every start-up.
/// </summary>
public sealed class StorageInitializer
{
    private readonly StorageClients clients;

    /// <summary>Creates the initializer for an account.</summary>
    public StorageInitializer(StorageClients clients) => this.clients = clients ?? throw new ArgumentNullException(nameof(clients));

    /// <summary>Creates whatever is missing and moves rows of the earlier layout; leaves everything else alone.</summary>
    /// <returns>What the move of earlier-layout rows did.</returns>
    public async Task<LegacyMoveReport> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StorageNames.Containers)
        {
            // Private: case files and letters hold health information.
            await clients.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        }

        foreach (var table in StorageNames.Tables)
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        await clients.Queues.GetQueueClient(StorageNames.NotificationsQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // Before any trigger takes work: a claim still under the old key would not be seen, and its key could be claimed twice.
        return await LegacyRowKeys.MoveAsync(clients, cancellationToken);
    }
}

/// <summary>Runs <see cref="StorageInitializer.EnsureCreatedAsync"/> when the host starts, before triggers take work.</summary>
public sealed class StorageInitializerHostedService : IHostedService
{
    private readonly StorageInitializer initializer;
    private readonly ILogger<StorageInitializerHostedService> logger;

    /// <summary>Wraps the initializer; without a logger (a bare service collection) its notes are dropped.</summary>
    public StorageInitializerHostedService(StorageInitializer initializer, ILogger<StorageInitializerHostedService>? logger = null)
    {
        this.initializer = initializer;
        this.logger = logger ?? NullLogger<StorageInitializerHostedService>.Instance;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await initializer.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (report.Moved > 0)
        {
            logger.LogInformation("Moved {Count} rows of the earlier table layout to their current keys.", report.Moved);
        }

        // Start-up goes on: one partition written by two versions at once must not stop the service. It is named (case
        // numbers and encoded keys, no health information) for someone to settle, and the next start-up looks again.
        foreach (var conflict in report.Conflicts)
        {
            logger.LogWarning("Left in place: {Partition} has a row under both the earlier and the current RowKey; keep one by hand (docs/storage.md, \"Earlier layouts\").", conflict);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
