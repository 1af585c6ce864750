using System.Text;
using Imr.Workflow.Ports;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobDeterminationStoreTests(StorageFixture fixture)
{
    private readonly BlobDeterminationStore store = new(fixture.Clients);

    [Fact]
    public async Task Stores_both_formats_and_reads_them_back()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 letter");

        (await store.ReadAsync(caseNumber, LetterFormat.Text)).ShouldBeNull();
        var letter = await store.StoreAsync(caseNumber, "FINAL DETERMINATION\nCase Number: " + caseNumber, pdf);

        letter.Text.Path.ShouldBe($"determinations/{caseNumber}/final-determination.txt");
        letter.Pdf.Path.ShouldBe($"determinations/{caseNumber}/final-determination.pdf");
        var text = await store.ReadAsync(caseNumber, LetterFormat.Text);
        Encoding.UTF8.GetString(text!.Content.Span).ShouldBe("FINAL DETERMINATION\nCase Number: " + caseNumber);
        text.ContentType.ShouldBe("text/plain; charset=utf-8");
        text.ContentHash.ShouldBe(letter.Text.ContentHash);
        var storedPdf = await store.ReadAsync(caseNumber, LetterFormat.Pdf);
        storedPdf!.Content.ToArray().ShouldBe(pdf);
        storedPdf.ContentType.ShouldBe("application/pdf");
    }

    [Fact]
    public async Task Identical_restore_succeeds_without_overwriting_anything()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 same");
        var first = await store.StoreAsync(caseNumber, "letter text", pdf);
        var container = fixture.Clients.Blobs.GetBlobContainerClient(StorageNames.DeterminationsContainer);
        var textEtag = (await container.GetBlobClient($"{caseNumber}/final-determination.txt").GetPropertiesAsync()).Value.ETag;
        var pdfEtag = (await container.GetBlobClient($"{caseNumber}/final-determination.pdf").GetPropertiesAsync()).Value.ETag;
        var before = fixture.Clients.Counter.Snapshot();

        var again = await store.StoreAsync(caseNumber, "letter text", pdf);

        var during = fixture.Clients.Counter.Snapshot().Since(before);
        again.ShouldBe(first);
        // Both conditional creates are refused (no check first: that would cost every first issue a request).
        during.For(StorageService.Blob, "PUT").ShouldBe(2);
        (await container.GetBlobClient($"{caseNumber}/final-determination.txt").GetPropertiesAsync()).Value.ETag.ShouldBe(textEtag);
        (await container.GetBlobClient($"{caseNumber}/final-determination.pdf").GetPropertiesAsync()).Value.ETag.ShouldBe(pdfEtag);
    }

    [Fact]
    public async Task Overwriting_a_letter_with_different_content_fails_and_leaves_the_letter_as_issued()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 original");
        await store.StoreAsync(caseNumber, "original text", pdf);

        var textChanged = await Should.ThrowAsync<WriteOnceViolationException>(() => store.StoreAsync(caseNumber, "changed text", pdf));
        var pdfChanged = await Should.ThrowAsync<WriteOnceViolationException>(
            () => store.StoreAsync(caseNumber, "original text", Encoding.ASCII.GetBytes("%PDF-1.7 changed")));

        textChanged.BlobPath.ShouldBe($"determinations/{caseNumber}/final-determination.txt");
        pdfChanged.BlobPath.ShouldBe($"determinations/{caseNumber}/final-determination.pdf");
        Encoding.UTF8.GetString((await store.ReadAsync(caseNumber, LetterFormat.Text))!.Content.Span).ShouldBe("original text");
        (await store.ReadAsync(caseNumber, LetterFormat.Pdf))!.Content.ToArray().ShouldBe(pdf);
    }

    [Fact]
    public async Task Section_4610_6_i_a_remanded_case_s_letter_is_stored_under_its_generation_beside_the_first_which_stays_as_issued()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var firstPdf = Encoding.ASCII.GetBytes("%PDF-1.7 first");
        await store.StoreAsync(caseNumber, "first determination", firstPdf);

        var second = await store.StoreAsync(caseNumber, "second determination", Encoding.ASCII.GetBytes("%PDF-1.7 second"), generation: 2);

        second.Text.Path.ShouldBe($"determinations/{caseNumber}/2/final-determination.txt");
        second.Pdf.Path.ShouldBe($"determinations/{caseNumber}/2/final-determination.pdf");
        Encoding.UTF8.GetString((await store.ReadAsync(caseNumber, LetterFormat.Text))!.Content.Span).ShouldBe("first determination");
        (await store.ReadAsync(caseNumber, LetterFormat.Pdf))!.Content.ToArray().ShouldBe(firstPdf);
        Encoding.UTF8.GetString((await store.ReadAsync(caseNumber, LetterFormat.Text, generation: 2))!.Content.Span).ShouldBe("second determination");
        (await store.ReadAsync(caseNumber, LetterFormat.Text, generation: 3)).ShouldBeNull();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(caseNumber, LetterFormat.Text, generation: 0));
    }

    [Fact]
    public async Task A_conflicting_pdf_is_refused_and_left_as_it_is()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var container = fixture.Clients.Blobs.GetBlobContainerClient(StorageNames.DeterminationsContainer);
        await container.UploadBlobAsync($"{caseNumber}/final-determination.pdf", BinaryData.FromBytes("%PDF other"u8.ToArray()));

        (await Should.ThrowAsync<WriteOnceViolationException>(() => store.StoreAsync(caseNumber, "text", "%PDF mine"u8.ToArray())))
            .BlobPath.ShouldBe($"determinations/{caseNumber}/final-determination.pdf");

        (await store.ReadAsync(caseNumber, LetterFormat.Pdf))!.Content.ToArray().ShouldBe("%PDF other"u8.ToArray());
    }

    [Fact]
    public async Task A_first_issue_costs_two_conditional_creates_and_no_check()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var before = fixture.Clients.Counter.Snapshot();

        await store.StoreAsync(caseNumber, "letter text", "%PDF-1.7 first"u8.ToArray());

        var spent = fixture.Clients.Counter.Snapshot().Since(before);
        spent.For(StorageService.Blob, "PUT").ShouldBe(2);
        spent.Total.ShouldBe(2);
    }

    [Fact]
    public async Task A_first_try_that_stopped_after_the_text_is_finished_and_a_different_text_is_refused_before_the_pdf()
    {
        var container = fixture.Clients.Blobs.GetBlobContainerClient(StorageNames.DeterminationsContainer);
        var stopped = StorageFixture.NextCaseNumber();
        var other = StorageFixture.NextCaseNumber();
        var textBytes = Encoding.UTF8.GetBytes("letter text");
        foreach (var caseNumber in new[] { stopped, other })
        {
            await container.GetBlobClient($"{caseNumber}/final-determination.txt").UploadAsync(
                new BinaryData(textBytes),
                new Azure.Storage.Blobs.Models.BlobUploadOptions
                {
                    Metadata = new Dictionary<string, string> { [StorageNames.ContentHashMetadataKey] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(textBytes)) },
                });
        }

        var finished = await store.StoreAsync(stopped, "letter text", "%PDF-1.7 mine"u8.ToArray());
        await Should.ThrowAsync<WriteOnceViolationException>(() => store.StoreAsync(other, "another text", "%PDF-1.7 other"u8.ToArray()));

        (await store.ReadAsync(stopped, LetterFormat.Pdf))!.Content.ToArray().ShouldBe("%PDF-1.7 mine"u8.ToArray());
        finished.Text.ContentHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(textBytes)));
        (await store.ReadAsync(other, LetterFormat.Pdf)).ShouldBeNull("the conflicting text stopped the issue before the PDF");
        Encoding.UTF8.GetString((await store.ReadAsync(other, LetterFormat.Text))!.Content.Span).ShouldBe("letter text");
    }
}
