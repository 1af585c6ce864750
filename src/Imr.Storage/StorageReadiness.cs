using Azure;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>Storage is ready once the account answers and the containers the start-up creates exist.</summary>
public sealed class StorageReadiness(StorageClients clients) : IStorageReadiness
{
    /// <inheritdoc />
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var exists = await clients.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).ExistsAsync(cancellationToken).ConfigureAwait(false);
            return exists.Value ? null : "The storage containers do not exist yet.";
        }
        catch (RequestFailedException ex)
        {
            return $"Storage answered {ex.Status}.";
        }
    }
}
