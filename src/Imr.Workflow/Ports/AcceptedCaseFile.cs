using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Reads the case file a case was accepted with, back into the domain model.</summary>
public static class AcceptedCaseFile
{
    /// <summary>
    /// The accepted case file of <paramref name="caseNumber"/>, or null when none is stored. A stored file that no longer reads
    /// is a fault in the system, not bad input, so it throws with the reader's problems.
    /// </summary>
    public static async Task<CaseFile?> ReadAcceptedCaseFileAsync(this ICaseFileStore files, CaseNumber caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var stored = await files.ReadCaseFileAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var read = CaseFileReader.Read(stored.Content.Span);
        return read.CaseFile
            ?? throw new InvalidOperationException($"The stored case file of {caseNumber} can no longer be read: {string.Join("; ", read.Problems)}");
    }
}
