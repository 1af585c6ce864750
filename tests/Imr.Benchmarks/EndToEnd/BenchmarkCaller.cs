namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// Signs the benchmark's calls in through Imr.Local's development sign-in: as case staff, except the decisions and conflict statements, which go as
/// the notice of assignment's holder does (no session, the assignment token in the body).
/// </summary>
internal sealed class BenchmarkCaller() : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>The development sign-in header of Imr.Local.</summary>
    public const string Header = "X-Imr-Dev-User";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri?.AbsolutePath is not { } path
            || !(path.EndsWith("/decision", StringComparison.Ordinal) || path.EndsWith("/conflict-statement", StringComparison.Ordinal)))
        {
            request.Headers.Add(Header, "staff:benchmark");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
