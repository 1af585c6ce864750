namespace Imr.Console.Api;

/// <summary>The records routes (<c>/api/cases/{caseNumber}/records</c>).</summary>
internal sealed partial class CaseApi
{
    /// <summary>The case's medical records by file name.</summary>
    public Task<ApiAnswer<IReadOnlyList<CaseRecord>>> RecordsAsync(string caseNumber, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<CaseRecord>>($"cases/{Uri.EscapeDataString(caseNumber)}/records", cancellationToken);

    /// <summary>The address of one record, which the page's script fetches with the signed-in user's header.</summary>
    public Uri RecordAddress(string caseNumber, string fileName) =>
        Address($"cases/{Uri.EscapeDataString(caseNumber)}/records/{Uri.EscapeDataString(fileName)}");
}

/// <summary>One medical record of a case, as <c>GET /api/cases/{caseNumber}/records</c> lists it.</summary>
internal sealed record CaseRecord(string FileName, long Length);
