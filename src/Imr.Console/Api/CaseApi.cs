using System.Globalization;
using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Imr.Console.Api;

/// <summary>The console's calls to the IMR HTTP API (docs/api.md), which the same host serves under <c>/api/</c>.</summary>
internal sealed partial class CaseApi(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The states a case can be in, and <c>Stuck</c>, as the list's <c>state</c> filter takes them.</summary>
    public static readonly IReadOnlyList<string> States =
        ["Received", "Rejected", "Ineligible", "Unassigned", "AwaitingRecords", "UnderReview", "Determined", "Terminated", "Consolidated", "Stuck"];

    /// <summary>The API's address for a relative route, for links the browser follows itself.</summary>
    public Uri Address(string route) => new(http.BaseAddress!, route);

    /// <summary>One page of cases; <paramref name="state"/> null for every state.</summary>
    public Task<ApiAnswer<CaseListPage>> ListAsync(string? state, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = new List<string> { string.Create(CultureInfo.InvariantCulture, $"pageSize={pageSize}") };
        if (!string.IsNullOrEmpty(state))
        {
            query.Add("state=" + Uri.EscapeDataString(state));
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        }

        return GetAsync<CaseListPage>("cases?" + string.Join('&', query), cancellationToken);
    }

    /// <summary>One case.</summary>
    public Task<ApiAnswer<CaseSummary>> CaseAsync(string caseNumber, CancellationToken cancellationToken) =>
        GetAsync<CaseSummary>("cases/" + Uri.EscapeDataString(caseNumber), cancellationToken);

    /// <summary>A case's audit trail, oldest first.</summary>
    public Task<ApiAnswer<IReadOnlyList<AuditEntry>>> AuditAsync(string caseNumber, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<AuditEntry>>($"cases/{Uri.EscapeDataString(caseNumber)}/audit", cancellationToken);

    /// <summary>Submits the signed-in reviewer's decision; a session needs no assignment token (docs/security.md).</summary>
    public async Task<ApiAnswer<JsonElement>> DecideAsync(string caseNumber, DecisionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"cases/{Uri.EscapeDataString(caseNumber)}/decision")
        {
            Content = JsonContent.Create(form.Body(), options: Json),
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<JsonElement>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The signed-in reviewer's conflict statement for the case (LC § 139.5): no conflict (<paramref name="declineReason"/>
    /// null), or a decline with its reason.
    /// </summary>
    public async Task<ApiAnswer<JsonElement>> StateConflictAsync(string caseNumber, string? declineReason, CancellationToken cancellationToken)
    {
        var body = declineReason is null ? new JsonObject { ["noConflict"] = true } : new JsonObject { ["noConflict"] = false, ["reason"] = declineReason };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"cases/{Uri.EscapeDataString(caseNumber)}/conflict-statement")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<JsonElement>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApiAnswer<T>> GetAsync<T>(string route, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(route, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ApiAnswer<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
            return new ApiAnswer<T>(value, null);
        }

        Problem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken).ConfigureAwait(false);
        }

        return new ApiAnswer<T>(default, problem ?? new Problem(Describe(response.StatusCode), (int)response.StatusCode, null));
    }

    private static string Describe(HttpStatusCode status) => string.Create(CultureInfo.InvariantCulture, $"The server answered {(int)status} {status}.");
}

/// <summary>A value, or the problem the API answered instead.</summary>
internal sealed record ApiAnswer<T>(T? Value, Problem? Problem);
