using Azure.Core;
using Azure.Core.Pipeline;

namespace Imr.Storage.Tests;

/// <summary>
/// Lets the first request with the given method and path fragment reach the service, then drops its reply (as a broken
/// connection would), so the SDK retries a request that has already taken effect.
/// </summary>
internal sealed class LoseFirstReply(string method, string pathContains) : HttpPipelinePolicy
{
    private int fired;

    public bool Fired => fired == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (message.Request.Method.Method == method
            && message.Request.Uri.Path.Contains(pathContains, StringComparison.Ordinal)
            && Interlocked.Exchange(ref fired, 1) == 0)
        {
            throw new IOException("The connection dropped before the reply arrived.");
        }
    }
}
