using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Imr.Console.Api;

/// <summary>The reviewer registry's routes (<c>/api/reviewers</c>, docs/api.md).</summary>
internal sealed partial class CaseApi
{
    /// <summary>Every reviewer, by id.</summary>
    public Task<ApiAnswer<ReviewerList>> ReviewersAsync(CancellationToken cancellationToken) =>
        GetAsync<ReviewerList>("reviewers", cancellationToken);

    /// <summary>One reviewer's profile as stored, kept whole so an edit sends back what the form does not show.</summary>
    public Task<ApiAnswer<JsonObject>> ReviewerAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<JsonObject>("reviewers/" + Uri.EscapeDataString(id), cancellationToken);

    /// <summary>Adds a reviewer (<c>POST /reviewers</c>).</summary>
    public Task<ApiAnswer<JsonObject>> CreateReviewerAsync(JsonObject profile, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "reviewers", profile, cancellationToken);

    /// <summary>Replaces a reviewer's profile (<c>PUT /reviewers/{id}</c>); the registry keeps the counted caseload.</summary>
    public Task<ApiAnswer<JsonObject>> UpdateReviewerAsync(string id, JsonObject profile, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "reviewers/" + Uri.EscapeDataString(id), profile, cancellationToken);

    /// <summary>Every reason the reviewer may or may not take the case.</summary>
    public Task<ApiAnswer<EligibilityExplanation>> EligibilityAsync(string id, string caseNumber, CancellationToken cancellationToken) =>
        GetAsync<EligibilityExplanation>($"reviewers/{Uri.EscapeDataString(id)}/eligibility?case={Uri.EscapeDataString(caseNumber)}", cancellationToken);

    private async Task<ApiAnswer<JsonObject>> SendAsync(HttpMethod method, string route, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(route, UriKind.Relative)) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<JsonObject>(response, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary><c>GET /api/reviewers</c>: the reviewers, and the ids of profiles that cannot be read.</summary>
internal sealed record ReviewerList(IReadOnlyList<ReviewerSummary> Reviewers, IReadOnlyList<string> Unreadable);

/// <summary>What the registry list shows of a reviewer.</summary>
internal sealed record ReviewerSummary(
    string Id, string Name, IReadOnlyList<ReviewerCertification>? Certifications, IReadOnlyList<ReviewerLicense>? Licenses, int CurrentCaseload, int Capacity, string Status);

/// <summary>A board certification.</summary>
internal sealed record ReviewerCertification(string Board, string Specialty, string Expires);

/// <summary>A license.</summary>
internal sealed record ReviewerLicense(string State, string Type, string Number, string Status, string Expires);

/// <summary><c>GET /api/reviewers/{id}/eligibility?case=</c>: the verdict and every reason in words.</summary>
internal sealed record EligibilityExplanation(string ReviewerId, string CaseNumber, bool Eligible, string SpecialtyFit, string JudgedOn, IReadOnlyList<EligibilityReasonView> Reasons);

/// <summary>One reason a reviewer may not take a case: a stable code and a plain message.</summary>
internal sealed record EligibilityReasonView(string Code, string Message);
