using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;

namespace Imr.Storage;

/// <summary>Creates the containers, tables and queue if they do not exist; safe to run at every start-up.</summary>
public sealed class StorageInitializer
{
    private readonly StorageClients clients;

    /// <summary>Creates the initializer for an account.</summary>
    public StorageInitializer(StorageClients clients) => this.clients = clients ?? throw new ArgumentNullException(nameof(clients));

    /// <summary>Creates whatever is missing; leaves everything else alone.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
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
    }
}

/// <summary>Runs <see cref="StorageInitializer.EnsureCreatedAsync"/> when the host starts, before triggers take work.</summary>
public sealed class StorageInitializerHostedService : IHostedService
{
    private readonly StorageInitializer initializer;

    /// <summary>Wraps the initializer.</summary>
    public StorageInitializerHostedService(StorageInitializer initializer) => this.initializer = initializer;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureCreatedAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
