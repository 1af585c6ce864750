using System.Text;
using Azure.Storage.Blobs;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>Issued Final Determination letters in the <c>determinations</c> container, write-once in both formats.</summary>
public sealed class BlobDeterminationStore : IDeterminationStore
{
    /// <summary>The letter's text blob name inside the case's folder.</summary>
    public const string TextName = "final-determination.txt";

    /// <summary>The letter's PDF blob name inside the case's folder.</summary>
    public const string PdfName = "final-determination.pdf";

    private const string TextContentType = "text/plain; charset=utf-8";
    private const string PdfContentType = "application/pdf";

    private readonly BlobContainerClient determinations;

    /// <summary>Creates the store over the account's blob service.</summary>
    public BlobDeterminationStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        determinations = clients.Blobs.GetBlobContainerClient(StorageNames.DeterminationsContainer);
    }

    /// <inheritdoc />
    public async Task<LetterBlobs> StoreAsync(CaseNumber caseNumber, string text, ReadOnlyMemory<byte> pdf, int generation = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (pdf.IsEmpty)
        {
            throw new ArgumentException("The letter PDF is empty.", nameof(pdf));
        }

        var textBytes = BinaryData.FromBytes(Encoding.UTF8.GetBytes(text));
        var pdfBytes = BinaryData.FromBytes(pdf);
        var textBlob = Blob(caseNumber, LetterFormat.Text, generation);
        var pdfBlob = Blob(caseNumber, LetterFormat.Pdf, generation);

        // Two conditional creates and no check first: a first issue, the common case, costs two requests. The text goes
        // first, so a letter already issued (whole, or with its text only) is recognised by the text's hash, and a different
        // text is refused before the PDF is written: a conflicting re-issue leaves no half-written letter. A re-issue whose
        // PDF renders to other bytes is refused over the PDF, and the caller decides by the text.
        var storedText = await WriteAsync(textBlob, textBytes, TextContentType, cancellationToken);
        var storedPdf = await WriteAsync(pdfBlob, pdfBytes, PdfContentType, cancellationToken);
        return new LetterBlobs(storedText, storedPdf);
    }

    /// <inheritdoc />
    public Task<StoredContent?> ReadAsync(CaseNumber caseNumber, LetterFormat format, int generation = 1, CancellationToken cancellationToken = default) =>
        WriteOnceBlob.ReadContentAsync(Blob(caseNumber, format, generation), cancellationToken);

    private static async Task<StoredBlob> WriteAsync(BlobClient blob, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        // A concurrent writer may win between the check and the write; the conditional create still refuses to overwrite.
        var result = await WriteOnceBlob.WriteAsync(blob, content, contentType, cancellationToken);
        return result.Outcome == RecordStoreOutcome.Conflict ? throw new WriteOnceViolationException(result.Blob.Path) : result.Blob;
    }

    private BlobClient Blob(CaseNumber caseNumber, LetterFormat format, int generation) =>
        determinations.GetBlobClient($"{Folder(caseNumber, generation)}/{format switch
        {
            LetterFormat.Text => TextName,
            LetterFormat.Pdf => PdfName,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown letter format."),
        }}");

    // The first determination keeps the case's folder; a determination after a remand (LC § 4610.6(i)) gets a folder of its
    // generation's, so the reversed letter stays as it was issued.
    private static string Folder(CaseNumber caseNumber, int generation) =>
        generation switch
        {
            < 1 => throw new ArgumentOutOfRangeException(nameof(generation), generation, "Determination generations start at 1."),
            1 => caseNumber.ToString(),
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{caseNumber}/{generation}"),
        };
}
