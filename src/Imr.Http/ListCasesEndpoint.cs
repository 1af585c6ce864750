using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /cases?state=&amp;dueBefore=&amp;pageSize=&amp;continuationToken=</c>: one page of cases.</summary>
public static class ListCasesEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, CaseQueries queries, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var outcome = await queries.ListAsync(
            query["state"].ToString(), query["dueBefore"].ToString(), query["pageSize"].ToString(), NullIfEmpty(query["continuationToken"].ToString()), cancellationToken)
            .ConfigureAwait(false);
        return ProblemResults.Json(outcome);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
