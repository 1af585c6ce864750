using Imr.Domain.Cases;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Imr.Http;

/// <summary>
/// Answers a request that threw with a problem body and logs the exception's type only: a message or stack trace may quote
/// case content. A malformed request the server itself refused keeps its own status (400, 413, ...); anything else is 500.
/// Having handled it, the framework's exception middleware writes no diagnostics of its own.
/// </summary>
public sealed class RequestFailureHandler(ILogger<RequestFailureHandler> log) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        await Answer(exception, log).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    /// <summary>The answer to a request that threw <paramref name="exception"/>, logged by type.</summary>
    public static IResult Answer(Exception exception, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is BadHttpRequestException bad)
        {
            // The server's own words about how the request is malformed ("Bad chunk size data."); they quote none of its content.
            log.RequestFailed(exception.GetType().Name, bad.StatusCode);
            return ProblemResults.Problem(bad.StatusCode, "The request is malformed.", [new ValidationProblem("$", $"The request body could not be read: {bad.Message}")]);
        }

        log.RequestFailed(exception.GetType().Name, StatusCodes.Status500InternalServerError);
        return ProblemResults.Problem(StatusCodes.Status500InternalServerError, "The request failed; it can be retried.");
    }
}
