using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>GET /escalations?due=today</c> (staff, auditors): the statutory points of open cases due today or overdue.</summary>
public static class EscalationsDueEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, DueEscalations escalations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var due = request.Query.TryGetValue("due", out var values) ? values.ToString() : null;
        return ProblemResults.Json(await escalations.ListAsync(due, cancellationToken).ConfigureAwait(false));
    }
}
