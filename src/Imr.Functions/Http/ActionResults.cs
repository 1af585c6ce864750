using Imr.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>Lets an HTTP function return the shared endpoints' <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions ASP.NET Core integration executes.</summary>
internal sealed class EndpointResult(IResult result) : IActionResult
{
    /// <summary>The wrapped result.</summary>
    public IResult Result { get; } = result;

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}

/// <summary>Runs a shared endpoint for an HTTP function.</summary>
internal static class ActionResults
{
    /// <summary>
    /// The endpoint's answer. An endpoint that throws is answered as Imr.Local's exception handler answers it (a problem
    /// body, the exception's type in the log): left to the worker, the exception and its stack trace would go to the log.
    /// </summary>
    public static async Task<IActionResult> AnswerAsync(Func<Task<IResult>> endpoint, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            return new EndpointResult(await endpoint().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EndpointResult(RequestFailureHandler.Answer(ex, log));
        }
    }
}
