using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Imr.Functions.Http;

/// <summary>Lets an HTTP function return the shared endpoints' <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions ASP.NET Core integration executes.</summary>
internal sealed class EndpointResult(IResult result) : IActionResult
{
    /// <summary>The wrapped result.</summary>
    public IResult Result { get; } = result;

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}

/// <summary>Conversions for the HTTP functions.</summary>
internal static class ActionResults
{
    /// <summary>Wraps a result.</summary>
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new EndpointResult(await result.ConfigureAwait(false));
}
