using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Imr.Storage;

/// <summary>
/// The three service clients, built once from <see cref="StorageOptions"/> with explicit retries and the operation counter on each.
/// The clients are thread-safe and meant to live for the whole process.
/// </summary>
public sealed class StorageClients
{
    private StorageClients(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, StorageOperationCounter counter)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
        Counter = counter;
    }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Counts the requests all three clients send.</summary>
    public StorageOperationCounter Counter { get; }

    /// <summary>
    /// Builds the clients. <paramref name="extraPolicies"/> are added per retry after the counter (tests use this to observe responses).
    /// </summary>
    public static StorageClients Create(StorageOptions options, StorageOperationCounter? counter = null, IEnumerable<HttpPipelinePolicy>? extraPolicies = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        counter ??= new StorageOperationCounter();
        var policies = extraPolicies?.ToList() ?? [];

        var blobOptions = Configure(new BlobClientOptions(), options, counter, policies);
        var tableOptions = Configure(new TableClientOptions(), options, counter, policies);
        var queueOptions = Configure(new QueueClientOptions(), options, counter, policies);

        // Base64 is what the Functions queue trigger expects by default, so a queue-triggered consumer reads these as sent.
        queueOptions.MessageEncoding = QueueMessageEncoding.Base64;

        BlobServiceClient blobs;
        TableServiceClient tables;
        QueueServiceClient queues;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
            tables = new TableServiceClient(options.ConnectionString, tableOptions);
            queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
        else
        {
            var credential = CreateCredential(options);
            blobs = new BlobServiceClient(options.BlobServiceUri, credential, blobOptions);
            tables = new TableServiceClient(options.TableServiceUri, credential, tableOptions);
            queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
        }

        counter.Watch(blobs.Uri, StorageService.Blob);
        counter.Watch(tables.Uri, StorageService.Table);
        counter.Watch(queues.Uri, StorageService.Queue);
        return new StorageClients(blobs, tables, queues, counter);
    }

    private static DefaultAzureCredential CreateCredential(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });

    private static T Configure<T>(T clientOptions, StorageOptions options, StorageOperationCounter counter, List<HttpPipelinePolicy> extraPolicies)
        where T : ClientOptions
    {
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        clientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        foreach (var policy in extraPolicies)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return clientOptions;
    }
}
