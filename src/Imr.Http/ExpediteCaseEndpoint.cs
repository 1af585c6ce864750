using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>POST /cases/{caseNumber}/expedite</c>: the treating physician's certification converts the review to expedited
/// (8 CCR § 9792.10.4(c)); takes <c>{certifiedBy, certifiedOn, statement}</c>; 202, 400, 404, 409, 413.
/// </summary>
public static class ExpediteCaseEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, ExpeditedConversion conversion, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, ExpeditedConversion.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        return body is null
            ? RequestBody.TooLarge(ExpeditedConversion.MaxBodyBytes)
            : ProblemResults.Json(await conversion.ExpediteAsync(caseNumber, body, cancellationToken).ConfigureAwait(false));
    }
}
