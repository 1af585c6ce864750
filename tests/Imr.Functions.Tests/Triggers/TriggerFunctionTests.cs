using System.Text;
using Imr.Domain.Cases;
using Imr.Functions.Tests.Http;
using Imr.Functions.Triggers;
using Imr.Storage;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Imr.Functions.Tests.Triggers;

/// <summary>The blob and timer functions called as the host calls them after Event Grid or the schedule fires.</summary>
public sealed class TriggerFunctionTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    private StorageClients Storage => host.Services.GetRequiredService<StorageClients>();

    [Fact]
    public async Task An_intake_blob_starts_its_case_once_however_often_the_trigger_fires()
    {
        var caseNumber = $"CM25-{Random.Shared.Next(1, 9_999_999):0000000}";
        var name = $"{caseNumber}.json";
        var content = Encoding.UTF8.GetBytes(FunctionsHost.SeedCase(caseNumber));
        await Storage.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).UploadBlobAsync(name, new BinaryData(content));
        var triggers = new BlobTriggers(host.Services, NullLogger<BlobTriggers>.Instance);

        // Event Grid delivers at least once.
        await triggers.IntakeBlobTrigger(new MemoryStream(content), name, host.Client, CancellationToken.None);
        await triggers.IntakeBlobTrigger(new MemoryStream(content), name, host.Client, CancellationToken.None);

        var number = CaseNumber.Parse(caseNumber);
        (await host.Services.GetRequiredService<ICaseIndex>().GetAsync(number)).ShouldNotBeNull();
        (await host.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(number))).ShouldNotBeNull();
        (await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(number)).Count(e => e.Action == "CaseSubmitted").ShouldBe(1);
    }

    [Fact]
    public async Task An_unreadable_intake_blob_is_quarantined_with_its_report()
    {
        var name = $"broken-{Guid.NewGuid():N}.json";
        var content = "{ \"schemaVersion\": "u8.ToArray();
        await Storage.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).UploadBlobAsync(name, new BinaryData(content));

        await new BlobTriggers(host.Services, NullLogger<BlobTriggers>.Instance).IntakeBlobTrigger(new MemoryStream(content), name, host.Client, CancellationToken.None);

        var quarantined = new List<string>();
        await foreach (var blob in Storage.Blobs.GetBlobContainerClient(StorageNames.QuarantineContainer).GetBlobsAsync())
        {
            quarantined.Add(blob.Name);
        }

        var stem = Path.GetFileNameWithoutExtension(name);
        quarantined.Count(n => n.Contains(stem, StringComparison.Ordinal)).ShouldBe(2, "the file and its .error.json report");
        quarantined.ShouldContain(n => n.Contains(stem, StringComparison.Ordinal) && n.EndsWith(".error.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_record_blob_for_an_unknown_case_is_not_announced()
    {
        var unknown = $"CM25-{Random.Shared.Next(1, 9_999_999):0000000}";

        // No case, no orchestration to tell: the trigger completes without raising anything (and without throwing, so no poison retries).
        await new BlobTriggers(host.Services, NullLogger<BlobTriggers>.Instance)
            .RecordBlobTrigger(new MemoryStream([1, 2, 3]), unknown, "a.pdf", host.Client, CancellationToken.None);

        (await host.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(CaseNumber.Parse(unknown)))).ShouldBeNull();
    }

    [Fact]
    public async Task The_timer_starts_again_an_overdue_case_that_has_no_orchestration()
    {
        var number = CaseNumber.Create(25, Random.Shared.Next(1, 9_999_999));
        await host.Services.GetRequiredService<ICaseFileStore>().StoreCaseFileAsync(number, Encoding.UTF8.GetBytes(FunctionsHost.SeedCase(number.ToString())));
        var now = DateTimeOffset.UtcNow;
        (await host.Services.GetRequiredService<ICaseIndex>().TryCreateAsync(new Imr.Domain.Cases.Case
        {
            CaseNumber = number,
            State = CaseState.AwaitingRecords,
            Deadlines = new Imr.Domain.Clock.CaseDeadlines { RecordsDue = now.AddHours(-2) },
            CreatedAt = now.AddDays(-13),
            UpdatedAt = now.AddDays(-13),
        })).ShouldBeTrue();

        await new EscalationTimer(host.Services, NullLogger<EscalationTimer>.Instance).Run(new TimerInfo(), host.Client, CancellationToken.None);

        (await host.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(number))).ShouldNotBeNull();
        (await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(number)).ShouldContain(e => e.Action == "OrchestrationRestarted");
    }
}
