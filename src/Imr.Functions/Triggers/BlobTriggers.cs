using System.Security.Cryptography;
using Imr.Functions.Http;
using Imr.Workflow.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Triggers;

/// <summary>
/// Blob uploads, delivered by Event Grid (the only blob source Flex Consumption supports). The function names are the
/// ones the Bicep Event Grid subscriptions call; the connection <c>ImrStorage</c> is the same settings section Imr.Storage binds.
/// </summary>
public sealed partial class BlobTriggers(IServiceProvider services, ILogger<BlobTriggers> log)
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
        LogIntake((int)outcome.Status, outcome.Value?.CaseNumber ?? "-");
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
        LogRecord((int)outcome.Status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake blob handled with status {Status}, case {CaseNumber}.")]
    private partial void LogIntake(int status, string caseNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Record blob announced with status {Status}.")]
    private partial void LogRecord(int status);
}
