using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>POST /cases/{caseNumber}/remand</c> (staff): the WCAB reversed the determination and the dispute comes back for review
/// by a different reviewer (LC § 4610.6(i)); takes <c>{orderDate, orderReference}</c>; 202, 400, 404, 409, 413.
/// </summary>
public static class RemandCaseEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, RemandIntake intake, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, RemandIntake.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        return body is null
            ? RequestBody.TooLarge(RemandIntake.MaxBodyBytes)
            : ProblemResults.Json(await intake.RemandAsync(caseNumber, body, cancellationToken).ConfigureAwait(false));
    }
}
