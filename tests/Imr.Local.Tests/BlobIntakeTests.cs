using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>Case files and records uploaded straight to blob storage with the Azure SDK, as a partner system would.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class BlobIntakeTests(LocalSystem system)
{
    private BlobServiceClient Blobs => new(system.Azurite.ConnectionString);

    [Fact]
    public async Task A_case_file_uploaded_twice_to_intake_starts_one_case()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        var content = Encoding.UTF8.GetBytes(ImrApi.SeedCase(caseNumber).ToJsonString());
        var intake = Blobs.GetBlobContainerClient("intake");
        await intake.UploadBlobAsync($"{caseNumber}-a.json", new BinaryData(content));
        await intake.UploadBlobAsync($"{caseNumber}-b.json", new BinaryData(content));

        var started = await system.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");

        started["caseNumber"]!.GetValue<string>().ShouldBe(caseNumber);
        using var audit = await system.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
        (await audit.ReadJsonAsync()).AsArray().Count(e => e!["action"]!.GetValue<string>() == "CaseSubmitted").ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_or_unreadable_case_file_is_quarantined_with_its_error_report()
    {
        var invalid = ImrApi.SeedCase(ImrApi.NewCaseNumber());
        invalid["priority"] = "Whenever";
        var name = $"invalid-{Guid.NewGuid():N}.json";
        var garbage = $"garbage-{Guid.NewGuid():N}.json";
        var intake = Blobs.GetBlobContainerClient("intake");
        await intake.UploadBlobAsync(name, new BinaryData(Encoding.UTF8.GetBytes(invalid.ToJsonString())));
        await intake.UploadBlobAsync(garbage, new BinaryData("this is not JSON at all"u8.ToArray()));

        var quarantine = Blobs.GetBlobContainerClient("quarantine");
        var reports = await QuarantineReports.WaitAsync(quarantine, [name, garbage], TimeSpan.FromSeconds(60));
        reports.Keys.ShouldBe([name, garbage], ignoreOrder: true, system.Local.Output);

        reports[name].ShouldContain("$.priority");
        reports[garbage].ShouldContain("\"path\"");
        using var missing = await system.Api.GetAsync(new Uri($"cases/{invalid["caseNumber"]!.GetValue<string>()}", UriKind.Relative));
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a refused file creates no case");
    }

    [Fact]
    public async Task A_record_uploaded_under_the_case_is_announced_to_the_case()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords", "Unassigned");

        await Blobs.GetBlobContainerClient("cases").UploadBlobAsync($"{caseNumber}/records/uploaded.pdf", new BinaryData("%PDF-1.4 record"u8.ToArray()));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonArray audit;
        do
        {
            await Task.Delay(500);
            using var response = await system.Api.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
            audit = (await response.ReadJsonAsync()).AsArray();
        }
        while (!audit.Any(e => e!["detail"]!.GetValue<string>().Contains("uploaded.pdf", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        audit.ShouldContain(e => e!["detail"]!.GetValue<string>().Contains("uploaded.pdf", StringComparison.Ordinal), system.Local.Output);
    }
}
