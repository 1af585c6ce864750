using System.Security.Cryptography;
using Imr.Functions.Http;
using Imr.Http;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Triggers;

/// <summary>
/// Blob uploads, delivered by Event Grid (the only blob source Flex Consumption supports). The function names are the
/// ones the Bicep Event Grid subscriptions call; the connection <c>ImrStorage</c> is the same setting Imr.Storage reads (<c>StorageOptions</c>).
/// </summary>
public sealed class BlobTriggers(IServiceProvider services, ILogger<BlobTriggers> log)
{
    private readonly ApplicationFactory app = new(services);

    /// <summary>A case file uploaded to <c>intake</c> starts a case exactly as <c>POST /cases</c> does; a refused one is quarantined.</summary>
    [Function("IntakeBlobTrigger")]
    public async Task IntakeBlobTrigger(
        [BlobTrigger("intake/{name}", Connection = "ImrStorage", Source = BlobTriggerSource.EventGrid)] Stream blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // The application reads the blob through the storage port itself (write-once checks, quarantine copy), so the stream is not read here.
        var outcome = await app.With<CaseSubmission>(client).SubmitIntakeBlobAsync(name, cancellationToken).ConfigureAwait(false);
        log.IntakeBlobHandled((int)outcome.Status, outcome.Value?.CaseNumber ?? "-");
    }

    /// <summary>A file uploaded under <c>cases/{caseNumber}/records/</c> raises RecordArrived on the case.</summary>
    [Function("RecordBlobTrigger")]
    public async Task RecordBlobTrigger(
        [BlobTrigger("cases/{caseNumber}/records/{fileName}", Connection = "ImrStorage", Source = BlobTriggerSource.EventGrid)] Stream content,
        string caseNumber,
        string fileName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);

        // Hashed as it streams: a record may be tens of megabytes.
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        var outcome = await app.With<RecordIntake>(client)
            .RecordUploadedAsync(caseNumber, fileName, $"cases/{caseNumber}/records/{fileName}", hash, cancellationToken)
            .ConfigureAwait(false);
        log.RecordBlobAnnounced((int)outcome.Status, caseNumber);
    }
}
