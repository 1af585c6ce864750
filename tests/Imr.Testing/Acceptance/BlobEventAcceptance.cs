using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Imr.Testing.Acceptance;

/// <summary>
/// Case files and records uploaded straight to blob storage with the Azure SDK, as a partner system would; the host learns of
/// them as it does in production (Event Grid events on the Functions host, its own watcher in Imr.Local).
/// </summary>
public abstract class BlobEventAcceptance(IImrSystem system)
{
    private BlobServiceClient Blobs => new(system.StorageConnectionString);

    [SkippableFact]
    public async Task A_case_file_uploaded_twice_to_intake_starts_one_case()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        var content = Encoding.UTF8.GetBytes(ImrApi.SeedCase(caseNumber).ToJsonString());
        var intake = Blobs.GetBlobContainerClient("intake");
        await intake.UploadBlobAsync($"{caseNumber}-a.json", new BinaryData(content));
        await intake.UploadBlobAsync($"{caseNumber}-b.json", new BinaryData(content));
        await system.Host.BlobsCreatedAsync(("intake", $"{caseNumber}-a.json"), ("intake", $"{caseNumber}-b.json"));

        var started = await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");

        started["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
        using var audit = await system.Host.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        (await audit.ReadJsonAsync()).AsArray().Count(e => e!["action"]!.GetValue<string>() == "CaseSubmitted").ShouldBe(1);
    }

    [SkippableFact]
    public async Task An_invalid_or_unreadable_case_file_is_quarantined_with_its_error_report()
    {
        var invalid = ImrApi.SeedCase(ImrApi.NewCaseNumber());
        invalid["priority"] = "Whenever";
        var name = $"invalid-{Guid.NewGuid():N}.json";
        var garbage = $"garbage-{Guid.NewGuid():N}.json";
        var intake = Blobs.GetBlobContainerClient("intake");
        await intake.UploadBlobAsync(name, new BinaryData(Encoding.UTF8.GetBytes(invalid.ToJsonString())));
        await intake.UploadBlobAsync(garbage, new BinaryData("this is not JSON at all"u8.ToArray()));
        await system.Host.BlobsCreatedAsync(("intake", name), ("intake", garbage));

        var quarantine = Blobs.GetBlobContainerClient("quarantine");
        var reports = await QuarantineReports.WaitAsync(quarantine, [name, garbage], TimeSpan.FromSeconds(60));
        reports.Keys.ShouldBe([name, garbage], ignoreOrder: true, system.Host.Output);

        reports[name].ShouldContain("$.priority");
        reports[garbage].ShouldContain("\"path\"");
        using var missing = await system.Host.Api.GetAsync(new Uri($"cases/{invalid["caseNumber"]!.GetValue<string>()}", UriKind.Relative));
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a refused file creates no case");
    }

    [SkippableFact]
    public async Task A_record_uploaded_under_the_case_is_announced_to_the_case()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Host.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");

        await Blobs.GetBlobContainerClient("cases").UploadBlobAsync($"{caseNumber}/records/uploaded.pdf", new BinaryData("%PDF-1.4 record"u8.ToArray()));
        await system.Host.BlobsCreatedAsync(("cases", $"{caseNumber}/records/uploaded.pdf"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonArray audit;
        do
        {
            await Task.Delay(500);
            using var response = await system.Host.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
            audit = (await response.ReadJsonAsync()).AsArray();
        }
        while (!audit.Any(e => e!["detail"]!.GetValue<string>().Contains("uploaded.pdf", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        audit.ShouldContain(e => e!["detail"]!.GetValue<string>().Contains("uploaded.pdf", StringComparison.Ordinal), system.Host.Output);
    }

    [SkippableFact]
    public async Task Events_delivered_twice_and_out_of_order_start_one_case_and_announce_each_record_once()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        var intakeName = $"{caseNumber}.json";
        await Blobs.GetBlobContainerClient("intake").UploadBlobAsync(intakeName, new BinaryData(Encoding.UTF8.GetBytes(ImrApi.SeedCase(caseNumber).ToJsonString())));
        var cases = Blobs.GetBlobContainerClient("cases");
        await cases.UploadBlobAsync($"{caseNumber}/records/r1.pdf", new BinaryData("%PDF-1.4 first"u8.ToArray()));
        await cases.UploadBlobAsync($"{caseNumber}/records/r2.pdf", new BinaryData("%PDF-1.4 second"u8.ToArray()));

        // Event Grid promises neither order nor once: the case file's event twice, then the records' out of order, one twice.
        await system.Host.BlobsCreatedAsync(("intake", intakeName), ("intake", intakeName));
        await system.Host.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");
        await system.Host.BlobsCreatedAsync(
            ("cases", $"{caseNumber}/records/r2.pdf"), ("cases", $"{caseNumber}/records/r1.pdf"), ("cases", $"{caseNumber}/records/r2.pdf"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> details;
        do
        {
            await Task.Delay(500);
            using var response = await system.Host.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
            details = (await response.ReadJsonAsync()).AsArray().Select(e => $"{e!["action"]} {e["detail"]}").ToList();
        }
        while (!(details.Any(d => d.Contains("r1.pdf", StringComparison.Ordinal)) && details.Any(d => d.Contains("r2.pdf", StringComparison.Ordinal))) && DateTime.UtcNow < deadline);

        details.Count(d => d.StartsWith("CaseSubmitted", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", details));
        details.Count(d => d.Contains("r1.pdf", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", details));
        details.Count(d => d.Contains("r2.pdf", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", details));
    }
}
