using Imr.Domain.Cases;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>Reads a request body up to a limit, so an oversized body is refused with 413 without being buffered whole.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or null when it exceeds <paramref name="limit"/> (answer 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own body limit tripped first (a chunked body with no declared length): the same 413, with the limit named.
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>The 413 answer naming the limit.</summary>
    public static IResult TooLarge(int limit) =>
        ProblemResults.Problem(
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large.",
            [new ValidationProblem("$", $"The limit is {limit} bytes.")]);
}
