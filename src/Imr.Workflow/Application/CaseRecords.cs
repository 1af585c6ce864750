using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// The medical records of a case for reading in the console: the list and each record's content, to staff and auditors
/// always, to a reviewer only for a case assigned to them once they have stated no conflict in it (LC § 139.5: the records
/// are not released to a reviewer before that statement).
/// </summary>
public sealed class CaseRecords(ICaseIndex index, ICaseFileStore files)
{
    /// <summary>The records held for the case, by file name; 404 for an unknown case; 403 as <see cref="ReadAsync"/>.</summary>
    public async Task<Outcome<IReadOnlyList<CaseRecordView>>> ListAsync(string caseNumber, string? assignedTo = null, CancellationToken cancellationToken = default)
    {
        var open = await VisibleCaseAsync<IReadOnlyList<CaseRecordView>>(caseNumber, assignedTo, cancellationToken).ConfigureAwait(false);
        if (open.Refusal is not null)
        {
            return open.Refusal;
        }

        var records = await files.ListRecordsAsync(open.Number, cancellationToken).ConfigureAwait(false);
        return Outcome<IReadOnlyList<CaseRecordView>>.Success(
            records.Select(r => new CaseRecordView(r.Path[(r.Path.LastIndexOf('/') + 1)..], r.Length)).OrderBy(r => r.FileName, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// One record's content with the type it was stored with; 400 naming <c>fileName</c> for a name no record can have; 404
    /// for an unknown case or record; 403 for a reviewer the case is not assigned to, or who has not stated no conflict.
    /// </summary>
    public async Task<Outcome<StoredContent>> ReadAsync(string caseNumber, string fileName, string? assignedTo = null, CancellationToken cancellationToken = default)
    {
        if (RecordIntake.FileNameProblem(fileName) is { } problem)
        {
            return Outcome<StoredContent>.Invalid([problem]);
        }

        var open = await VisibleCaseAsync<StoredContent>(caseNumber, assignedTo, cancellationToken).ConfigureAwait(false);
        if (open.Refusal is not null)
        {
            return open.Refusal;
        }

        var record = await files.ReadRecordAsync(open.Number, fileName, cancellationToken).ConfigureAwait(false);
        return record is null ? Outcome<StoredContent>.NotFound($"Record {fileName} of case {open.Number}") : Outcome<StoredContent>.Success(record);
    }

    private async Task<(CaseNumber Number, Outcome<T>? Refusal)> VisibleCaseAsync<T>(string caseNumber, string? assignedTo, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return (default, CaseQueries.BadCaseNumber<T>());
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return (number, Outcome<T>.NotFound($"Case {number}"));
        }

        if (assignedTo is null)
        {
            return (number, null);
        }

        if (!string.Equals(found.Case.ReviewerId, assignedTo, StringComparison.Ordinal))
        {
            return (number, Outcome<T>.Refused(OutcomeStatus.Forbidden, $"Case {number} is not assigned to you.", "caseNumber", "A reviewer sees only the cases currently assigned to them."));
        }

        return found.Case.NoConflictStatedAt is null
            ? (number, Outcome<T>.Refused(OutcomeStatus.Forbidden, "State first that you have no conflict of interest in this case.", "caseNumber", "The records open to the assigned reviewer once they have stated no conflict of interest in the case (LC § 139.5)."))
            : (number, null);
    }
}

/// <summary>One medical record of a case, as <c>GET /cases/{caseNumber}/records</c> lists it.</summary>
public sealed record CaseRecordView(string FileName, long Length);
