namespace Imr.Domain.Cases;

/// <summary>The outcome of reading a case file: the file when it could be read, and every problem found.</summary>
/// <param name="CaseFile">The case file, or null when the document could not be read at all.</param>
/// <param name="Problems">Every problem found; empty when the file is valid.</param>
public sealed record CaseFileReadResult(CaseFile? CaseFile, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the file was read and has no problems.</summary>
    public bool IsValid => CaseFile is not null && Problems.Count == 0;
}
