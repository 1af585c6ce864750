using System.Security.Claims;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /cases?state=&amp;dueBefore=&amp;pageSize=&amp;continuationToken=</c>: one page of cases.</summary>
public static class ListCasesEndpoint
{
    /// <summary>The query parameter that carries a function key to the Functions host (which reads it before the route does).</summary>
    public const string FunctionKeyParameter = "code";

    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, ClaimsPrincipal caller, CaseQueries queries, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var outcome = await queries.ListAsync(
            Value("state"), Value("dueBefore"), Value("pageSize"), Value("continuationToken"), query.Keys.Where(k => k != FunctionKeyParameter), CallerRoles.AssignedTo(caller), cancellationToken)
            .ConfigureAwait(false);
        return ProblemResults.Json(outcome);

        // Absent is null; present but empty ("state=") is "" and refused by the application.
        string? Value(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
    }
}
