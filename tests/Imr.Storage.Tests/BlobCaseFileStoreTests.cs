using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobCaseFileStoreTests(StorageFixture fixture)
{
    private readonly BlobCaseFileStore store = new(fixture.Clients);

    private BlobContainerClient Container(string name) => fixture.Clients.Blobs.GetBlobContainerClient(name);

    [Fact]
    public async Task Reads_an_intake_blob_and_answers_null_for_a_missing_one()
    {
        var name = $"upload-{Guid.NewGuid():N}.json";
        await Container(StorageNames.IntakeContainer).UploadBlobAsync(name, BinaryData.FromString("{\"schemaVersion\":\"1.0\"}"));

        var read = await store.ReadIntakeAsync(name);

        read.ShouldNotBeNull();
        read.Path.ShouldBe($"intake/{name}");
        Encoding.UTF8.GetString(read.Content.Span).ShouldBe("{\"schemaVersion\":\"1.0\"}");
        (await store.ReadIntakeAsync("no-such-" + name)).ShouldBeNull();
    }

    [Fact]
    public async Task Case_file_is_write_once_identical_restore_is_a_no_op_and_different_content_is_refused()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var content = Encoding.UTF8.GetBytes("{\"caseNumber\":\"" + caseNumber + "\"}");

        var first = await store.StoreCaseFileAsync(caseNumber, content);
        var blob = Container(StorageNames.CasesContainer).GetBlobClient($"{caseNumber}/case-file.json");
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;
        var again = await store.StoreCaseFileAsync(caseNumber, content);

        first.Path.ShouldBe($"cases/{caseNumber}/case-file.json");
        first.ContentHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
        first.Length.ShouldBe(content.Length);
        again.ShouldBe(first);
        (await blob.GetPropertiesAsync()).Value.ETag.ShouldBe(etag);

        var violation = await Should.ThrowAsync<WriteOnceViolationException>(() => store.StoreCaseFileAsync(caseNumber, Encoding.UTF8.GetBytes("{}")));
        violation.BlobPath.ShouldBe(first.Path);

        // A store of its own reads the blob itself, not the copy this one kept.
        var read = await new BlobCaseFileStore(fixture.Clients).ReadCaseFileAsync(caseNumber);
        read.ShouldNotBeNull();
        read.Content.ToArray().ShouldBe(content);
        read.ContentHash.ShouldBe(first.ContentHash);
        read.ContentType.ShouldBe("application/json");
        (await store.ReadCaseFileAsync(StorageFixture.NextCaseNumber())).ShouldBeNull();
    }

    [Fact]
    public async Task A_case_file_is_downloaded_at_most_once_per_store_and_a_missing_one_is_not_remembered()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var content = Encoding.UTF8.GetBytes("{\"caseNumber\":\"" + caseNumber + "\"}");
        var writer = new BlobCaseFileStore(fixture.Clients);
        var reader = new BlobCaseFileStore(fixture.Clients);
        (await reader.ReadCaseFileAsync(caseNumber)).ShouldBeNull();
        await writer.StoreCaseFileAsync(caseNumber, content);

        var before = fixture.Clients.Counter.Snapshot();
        var fromWriter = await writer.ReadCaseFileAsync(caseNumber);
        var writerReads = fixture.Clients.Counter.Snapshot().Since(before).For(StorageService.Blob);
        var first = await reader.ReadCaseFileAsync(caseNumber);
        var second = await reader.ReadCaseFileAsync(caseNumber);
        var spent = fixture.Clients.Counter.Snapshot().Since(before);

        writerReads.ShouldBe(0, "the writer keeps what it stored");
        spent.For(StorageService.Blob, "GET").ShouldBe(1, "the other store downloads once; the miss before the write was not remembered");
        foreach (var read in new[] { fromWriter, first, second })
        {
            read.ShouldNotBeNull();
            read.Content.ToArray().ShouldBe(content);
            read.Path.ShouldBe($"cases/{caseNumber}/case-file.json");
            read.ContentType.ShouldBe("application/json");
            read.ContentHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
        }
    }

    [Fact]
    public async Task Record_same_content_twice_is_already_stored_and_different_content_is_a_conflict_that_changes_nothing()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 progress report");

        var created = await store.StoreRecordAsync(caseNumber, "pr2-2026-05-01.pdf", new MemoryStream(pdf), "application/pdf");
        var blob = Container(StorageNames.CasesContainer).GetBlobClient($"{caseNumber}/records/pr2-2026-05-01.pdf");
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;
        var repeated = await store.StoreRecordAsync(caseNumber, "pr2-2026-05-01.pdf", new MemoryStream(pdf), "application/pdf");
        var conflicting = await store.StoreRecordAsync(caseNumber, "pr2-2026-05-01.pdf", new MemoryStream([1, 2, 3]), "application/pdf");

        created.Outcome.ShouldBe(RecordStoreOutcome.Created);
        repeated.Outcome.ShouldBe(RecordStoreOutcome.AlreadyStored);
        repeated.Blob.ShouldBe(created.Blob);
        conflicting.Outcome.ShouldBe(RecordStoreOutcome.Conflict);
        conflicting.Blob.ContentHash.ShouldBe(created.Blob.ContentHash);
        var properties = (await blob.GetPropertiesAsync()).Value;
        properties.ETag.ShouldBe(etag);
        properties.ContentType.ShouldBe("application/pdf");
        (await blob.DownloadContentAsync()).Value.Content.ToArray().ShouldBe(pdf);
    }

    [Fact]
    public async Task Record_from_a_stream_that_cannot_seek_is_hashed_and_stored_whole()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);

        var result = await store.StoreRecordAsync(caseNumber, "scan.tiff", new ForwardOnlyStream(content), "image/tiff");

        result.Outcome.ShouldBe(RecordStoreOutcome.Created);
        result.Blob.Length.ShouldBe(content.Length);
        result.Blob.ContentHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
        var stored = await Container(StorageNames.CasesContainer).GetBlobClient($"{caseNumber}/records/scan.tiff").DownloadContentAsync();
        stored.Value.Content.ToArray().ShouldBe(content);
    }

    [Theory]
    [InlineData("..", "'..'")]
    [InlineData("../case-file.json", "path separator")]
    [InlineData("records/x.pdf", "path separator")]
    [InlineData("a\\b.pdf", "path separator")]
    [InlineData("evil..pdf", "'..'")]
    [InlineData("bell\u0007.pdf", "control character")]
    [InlineData("line\nbreak.pdf", "control character")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public async Task Record_file_names_with_path_tricks_are_refused_naming_the_reason(string fileName, string reason)
    {
        var caseNumber = StorageFixture.NextCaseNumber();

        var refused = await Should.ThrowAsync<ArgumentException>(
            () => store.StoreRecordAsync(caseNumber, fileName, new MemoryStream([1]), "application/pdf"));

        refused.ParamName.ShouldBe("fileName");
        refused.Message.ShouldContain(reason);
        (await store.ListRecordsAsync(caseNumber)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Record_file_name_longer_than_200_characters_is_refused()
    {
        var refused = await Should.ThrowAsync<ArgumentException>(
            () => store.StoreRecordAsync(StorageFixture.NextCaseNumber(), new string('a', 197) + ".pdf", new MemoryStream([1]), "application/pdf"));
        refused.Message.ShouldContain("at most 200");
    }

    [Fact]
    public async Task Lists_a_cases_records_with_hash_and_length_and_nothing_of_other_cases()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var other = StorageFixture.NextCaseNumber();
        var a = await store.StoreRecordAsync(caseNumber, "a.pdf", new MemoryStream([1, 2]), "application/pdf");
        var b = await store.StoreRecordAsync(caseNumber, "b.txt", new MemoryStream([3, 4, 5]), "text/plain");
        await store.StoreRecordAsync(other, "c.pdf", new MemoryStream([6]), "application/pdf");

        var records = await store.ListRecordsAsync(caseNumber);

        records.OrderBy(r => r.Path, StringComparer.Ordinal).ShouldBe([a.Blob, b.Blob]);
    }

    [Fact]
    public async Task Quarantine_keeps_the_refused_bytes_with_a_json_error_report_beside_them()
    {
        var source = $"intake/bad-{Guid.NewGuid():N}.json";
        var content = Encoding.UTF8.GetBytes("{\"schemaVersion\":\"9.9\"}");
        var report = new QuarantineReport
        {
            Source = source,
            RefusedAt = Samples.Now,
            Problems = [new ValidationProblem("$.schemaVersion", "9.9 is not a supported schema version"), new ValidationProblem("$.dates", "missing")],
        };

        var stored = await store.QuarantineAsync(source, content, report);

        stored.Path.ShouldStartWith("quarantine/" + source[..^5]);
        stored.Path.ShouldEndWith(".json");
        var name = stored.Path["quarantine/".Length..];
        var quarantine = Container(StorageNames.QuarantineContainer);
        (await quarantine.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray().ShouldBe(content);

        var reportJson = (await quarantine.GetBlobClient(name + ".error.json").DownloadContentAsync()).Value;
        reportJson.Details.ContentType.ShouldBe("application/json");
        using var json = JsonDocument.Parse(reportJson.Content.ToString());
        json.RootElement.GetProperty("source").GetString().ShouldBe(source);
        json.RootElement.GetProperty("quarantinedBlob").GetString().ShouldBe(stored.Path);
        json.RootElement.GetProperty("contentHash").GetString().ShouldBe(stored.ContentHash);
        json.RootElement.GetProperty("problems").GetArrayLength().ShouldBe(2);
        json.RootElement.GetProperty("problems")[0].GetProperty("path").GetString().ShouldBe("$.schemaVersion");
        json.RootElement.GetProperty("problems")[1].GetProperty("reason").GetString().ShouldBe("missing");

        var typed = await store.ReadQuarantineReportAsync(name);
        typed.ShouldNotBeNull();
        typed.Problems.ShouldBe(report.Problems);
        typed.RefusedAt.ShouldBe(Samples.Now);
    }

    [Fact]
    public async Task Quarantining_the_same_input_twice_keeps_one_copy_and_different_input_never_replaces_it()
    {
        var source = $"intake/twice-{Guid.NewGuid():N}.json";
        var report = new QuarantineReport { Source = source, RefusedAt = Samples.Now, Problems = [new ValidationProblem("$", "not JSON")] };
        var later = report with { RefusedAt = Samples.Now.AddMinutes(5) };

        var first = await store.QuarantineAsync(source, "not json"u8.ToArray(), report);
        var second = await store.QuarantineAsync(source, "not json"u8.ToArray(), later);
        var other = await store.QuarantineAsync(source, "still not json"u8.ToArray(), later);

        second.ShouldBe(first);
        other.Path.ShouldNotBe(first.Path);
        var names = new List<string>();
        await foreach (var item in Container(StorageNames.QuarantineContainer).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, source[..^5], CancellationToken.None))
        {
            names.Add(item.Name);
        }

        names.Count.ShouldBe(4);
        var kept = await store.ReadQuarantineReportAsync(first.Path["quarantine/".Length..]);
        kept!.RefusedAt.ShouldBe(Samples.Now);
    }

    [Theory]
    [InlineData("intake/case-123.json", "intake/case-123.0123456789abcdef.json")]
    [InlineData("http", "http.0123456789abcdef")]
    [InlineData("../../etc/passwd", "etc/passwd.0123456789abcdef")]
    [InlineData("a\\b c?.pdf", "a/b_c_.0123456789abcdef.pdf")]
    [InlineData("", "unnamed.0123456789abcdef")]
    public void Quarantine_names_are_safe_and_follow_the_source(string source, string expected) =>
        BlobCaseFileStore.QuarantineName(source, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").ShouldBe(expected);

    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7_000), content.Length - position);
            Array.Copy(content, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
