using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// Hostile and malformed input against the running system: every refusal is a clear 4xx problem naming the field, nothing
/// escapes its case's folder, and what arrives as a blob is quarantined with an error report beside it.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class HostileInputTests(LocalSystem system)
{
    private const long MaxRecordBytes = 50L * 1024 * 1024;
    private const int MaxCaseFileBytes = 1024 * 1024;

    private BlobServiceClient Blobs => new(system.Azurite.ConnectionString);

    [Fact]
    public async Task Oversized_case_files_and_records_get_413_naming_the_limit_with_or_without_a_declared_length()
    {
        var oversizedCase = new byte[MaxCaseFileBytes + 1];
        Array.Fill(oversizedCase, (byte)' ');
        await Expect413Async(await system.Api.PostAsync(new Uri("cases", UriKind.Relative), Bytes(oversizedCase, "application/json")), MaxCaseFileBytes);
        await Expect413Async(await system.Api.PostAsync(new Uri("cases", UriKind.Relative), Chunked(oversizedCase, "application/json")), MaxCaseFileBytes);

        var caseNumber = await OpenCaseAsync();
        var oversizedRecord = new byte[MaxRecordBytes + 1];
        "%PDF-"u8.CopyTo(oversizedRecord);
        await Expect413Async(await system.Api.PutAsync(new Uri($"cases/{caseNumber}/records/huge.pdf", UriKind.Relative), Bytes(oversizedRecord, "application/pdf")), MaxRecordBytes);
        await Expect413Async(await system.Api.PutAsync(new Uri($"cases/{caseNumber}/records/huge-chunked.pdf", UriKind.Relative), Chunked(oversizedRecord, "application/pdf")), MaxRecordBytes);

        (await RecordNamesAsync(caseNumber)).ShouldBeEmpty("nothing of a refused upload is kept");
    }

    [Fact]
    public async Task Deeply_nested_json_and_invalid_utf8_get_400_with_a_reason()
    {
        // Nesting far past the parser's depth limit, at the root and under a property the schema knows.
        var deep = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));
        using (var response = await system.Api.PostAsync(new Uri("cases", UriKind.Relative), Bytes(deep, "application/json")))
        {
            await ExpectProblemAsync(response, HttpStatusCode.BadRequest, null);
        }

        using (var response = await system.Api.PostAsync(new Uri("cases", UriKind.Relative), Bytes(DeepUnderKnownProperty(100_000), "application/json")))
        {
            // The reader stops at the first level that has the wrong shape, so the refusal names that path, not the depth.
            (await ExpectProblemAsync(response, HttpStatusCode.BadRequest, null)).ShouldContain("$.disputedItems");
        }

        // Valid JSON except for one byte sequence that is not UTF-8 inside a string.
        var text = ImrApi.SeedCase(ImrApi.NewCaseNumber()).ToJsonString();
        var at = text.IndexOf("Technician", StringComparison.Ordinal);
        var invalid = Encoding.UTF8.GetBytes(text[..at]).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray();
        using (var response = await system.Api.PostAsync(new Uri("cases", UriKind.Relative), Bytes(invalid, "application/json")))
        {
            await ExpectProblemAsync(response, HttpStatusCode.BadRequest, null);
        }

        var deepProfile = Encoding.UTF8.GetBytes(new string('[', 1_000) + new string(']', 1_000));
        foreach (var body in new[] { deepProfile, invalid, "\"just a string\""u8.ToArray(), "null"u8.ToArray(), Array.Empty<byte>() })
        {
            using var reviewer = await system.Api.PostAsync(new Uri("reviewers", UriKind.Relative), Bytes(body, "application/json"));
            await ExpectProblemAsync(reviewer, HttpStatusCode.BadRequest, null);
        }
    }

    [Fact]
    public async Task A_record_declared_as_pdf_that_is_not_a_pdf_gets_415_and_is_not_stored()
    {
        var caseNumber = await OpenCaseAsync();
        using (var fake = await system.Api.PutAsync(new Uri($"cases/{caseNumber}/records/fake.pdf", UriKind.Relative), Bytes("MZ\x90\0 an executable"u8.ToArray(), "application/pdf")))
        {
            await ExpectProblemAsync(fake, HttpStatusCode.UnsupportedMediaType, "%PDF-");
        }

        using (var empty = await system.Api.PutAsync(new Uri($"cases/{caseNumber}/records/empty.pdf", UriKind.Relative), Bytes([], "application/pdf; charset=binary")))
        {
            await ExpectProblemAsync(empty, HttpStatusCode.UnsupportedMediaType, "%PDF-");
        }

        // A real PDF signature is stored whole, streamed or not (the signature check must not eat its first bytes).
        var real = File.ReadAllBytes(Path.Combine(Imr.Testing.AzuriteInstance.FindRepositoryRoot(), "docs", "demo", "sample-record.pdf"));
        using (var ok = await system.Api.PutAsync(new Uri($"cases/{caseNumber}/records/real.pdf", UriKind.Relative), Chunked(real, "application/pdf")))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        }

        var stored = await Blobs.GetBlobContainerClient("cases").GetBlobClient($"{caseNumber}/records/real.pdf").DownloadContentAsync();
        stored.Value.Content.ToArray().ShouldBe(real);
        (await RecordNamesAsync(caseNumber)).ShouldBe([$"{caseNumber}/records/real.pdf"]);
    }

    [Theory]
    [InlineData("..%2F..%2Fescape.pdf")]
    [InlineData("%2e%2e%2fescape.pdf")]
    [InlineData("%2e%2e%2F%2e%2e%2Fintake%2Fescape.json")]
    [InlineData("..%5Cescape.pdf")]
    [InlineData("%2e%2e")]
    [InlineData(".hidden.pdf")]
    [InlineData("name%00.pdf")]
    [InlineData("a%2Fb.pdf")]
    public async Task Path_tricks_in_record_names_get_a_clear_4xx_and_write_nothing_outside_the_case(string encodedName)
    {
        var caseNumber = await OpenCaseAsync();
        var before = await AllBlobNamesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(system.Api.BaseAddress!, $"cases/{caseNumber}/records/{encodedName}"))
        {
            Content = Bytes("%PDF-1.4 trick"u8.ToArray(), "application/pdf"),
        };
        using var response = await system.Api.SendAsync(request);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, encodedName);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", encodedName);
        (await AllBlobNamesAsync()).Except(before).ShouldBeEmpty($"{encodedName} wrote a blob");
    }

    [Fact]
    public async Task Decisions_for_disputed_items_the_case_does_not_have_get_400_naming_the_item()
    {
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await system.Api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await system.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords");
        var assignedTo = assigned["reviewerId"]!.GetValue<string>();
        (await system.Api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "UnderReview");
        var token = await AssignmentNotices.TokenAsync(system.Azurite.ConnectionString, caseNumber);

        var ghost = ImrApi.Decision(assignedTo, description: "Heart transplant");
        ghost["assignmentToken"] = token;
        using (var response = await system.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(ghost)))
        {
            var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "matches no disputed item");
            problem.ShouldContain("$.items[0].description");
        }

        var extra = ImrApi.Decision(assignedTo);
        extra["items"]!.AsArray().Add(JsonNode.Parse("""{"description":"Heart transplant","decision":"Upheld","guideline":"x","rationale":"y"}"""));
        extra["assignmentToken"] = token;
        using (var response = await system.Api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(extra)))
        {
            (await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "matches no disputed item")).ShouldContain("$.items[1].description");
        }

        using (var unknownCase = await system.Api.PostAsAsync(ImrCaller.None, $"cases/{ImrApi.NewCaseNumber()}/decision", ImrApi.Json(ImrApi.Decision(assignedTo))))
        {
            await ExpectProblemAsync(unknownCase, HttpStatusCode.NotFound, null);
        }

        (await system.Api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(5), "UnderReview"))["determination"].ShouldBeNull();
    }

    [Fact]
    public async Task Hostile_case_files_dropped_into_intake_are_quarantined_with_an_error_report()
    {
        var deep = $"deep-{Guid.NewGuid():N}.json";
        var notUtf8 = $"notutf8-{Guid.NewGuid():N}.json";
        var huge = $"huge-{Guid.NewGuid():N}.json";
        var intake = Blobs.GetBlobContainerClient("intake");
        await intake.UploadBlobAsync(deep, new BinaryData(DeepUnderKnownProperty(50_000)));
        await intake.UploadBlobAsync(notUtf8, new BinaryData(new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D }));
        var oversized = new byte[MaxCaseFileBytes + 10];
        Array.Fill(oversized, (byte)' ');
        await intake.UploadBlobAsync(huge, new BinaryData(oversized));

        var quarantine = Blobs.GetBlobContainerClient("quarantine");
        var reports = await QuarantineReports.WaitAsync(quarantine, [deep, notUtf8, huge], TimeSpan.FromSeconds(60));

        reports.Keys.ShouldBe([deep, notUtf8, huge], ignoreOrder: true, $"quarantine reports: {string.Join(", ", reports.Keys)}\n{system.Local.Output}");
        reports[deep].ShouldContain("$.disputedItems", Case.Sensitive, reports[deep]);
        reports[huge].ShouldContain("limit", Case.Insensitive, reports[huge]);
        foreach (var report in reports.Values)
        {
            JsonNode.Parse(report)!.ToJsonString().ShouldContain("\"path\"");
        }

        // The source stays in intake marked handled, so a rescan (or a second delivery of its event) does nothing more.
        var handledBy = DateTime.UtcNow.AddSeconds(20);
        IDictionary<string, string> metadata;
        do
        {
            metadata = (await intake.GetBlobClient(deep).GetPropertiesAsync()).Value.Metadata;
            await Task.Delay(300);
        }
        while (!metadata.ContainsKey("imrhandled") && DateTime.UtcNow < handledBy);

        metadata.ShouldContainKey("imrhandled");
    }

    private static byte[] DeepUnderKnownProperty(int depth) =>
        Encoding.UTF8.GetBytes($"{{\"caseNumber\":\"{ImrApi.NewCaseNumber()}\",\"disputedItems\":{new string('[', depth)}{new string(']', depth)}}}");

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A body sent with chunked transfer encoding, so no Content-Length is declared.</summary>
    private static StreamContent Chunked(byte[] body, string contentType)
    {
        var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static async Task Expect413Async(HttpResponseMessage response, long limit)
    {
        using (response)
        {
            var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} ({(response.RequestMessage?.Content?.Headers.ContentLength is null ? "chunked" : "declared length")})";
            try
            {
                await ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (ShouldAssertException e)
            {
                throw new ShouldAssertException($"{what}: {e.Message}", e);
            }
        }
    }

    private static async Task<string> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? reasonContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonNode.Parse(body)!;
        if (status != HttpStatusCode.NotFound)
        {
            problem["errors"]!.AsArray().ShouldNotBeEmpty($"every refusal names a field and a reason: {body}");
            problem["errors"]!.AsArray().ShouldAllBe(e => !string.IsNullOrWhiteSpace(e!["reason"]!.GetValue<string>()));
        }

        body.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        if (reasonContains is not null)
        {
            body.ShouldContain(reasonContains, Case.Insensitive, body);
        }

        return body;
    }

    private async Task<string> OpenCaseAsync()
    {
        var caseNumber = ImrApi.NewCaseNumber();
        using var submitted = await system.Api.SubmitAsync(ImrApi.SeedCase(caseNumber));
        submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        return caseNumber;
    }

    private async Task<List<string>> RecordNamesAsync(string caseNumber)
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.GetBlobContainerClient("cases").GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{caseNumber}/records/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<HashSet<string>> AllBlobNamesAsync()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var container in Blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                names.Add($"{container.Name}/{blob.Name}");
            }
        }

        return names;
    }

    /// <summary>A stream that cannot tell its length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
