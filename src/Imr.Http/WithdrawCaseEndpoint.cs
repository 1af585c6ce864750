using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary><c>POST /cases/{caseNumber}/withdraw</c>: takes <c>{reason}</c>; 202, 400, 404, 409.</summary>
public static class WithdrawCaseEndpoint
{
    private const int Limit = 64 * 1024;

    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, CaseWithdrawal withdrawal, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, Limit, cancellationToken).ConfigureAwait(false);
        return body is null
            ? RequestBody.TooLarge(Limit)
            : ProblemResults.Json(await withdrawal.WithdrawAsync(caseNumber, body, cancellationToken).ConfigureAwait(false));
    }
}
