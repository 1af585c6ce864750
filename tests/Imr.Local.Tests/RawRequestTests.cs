using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// Requests HttpClient will not send (raw bytes in the path, oversized request lines and headers, header values outside
/// ASCII, broken chunked bodies), written to the socket. What reaches the application is a problem naming the reason;
/// what Kestrel refuses before any middleware runs is the empty answer docs/api.md lists, at the limits it names.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class RawRequestTests(LocalSystem system)
{
    [Theory]
    [InlineData("chunked body with a bad chunk size", "$", "could not be read")]
    [InlineData("Idempotency-Key in UTF-8 outside ASCII", "Idempotency-Key", "ASCII")]
    [InlineData("Idempotency-Key that is not UTF-8", "Idempotency-Key", "ASCII")]
    [InlineData("percent-encoded space in a record name", "fileName", "letters, digits")]
    [InlineData("percent-encoded UTF-8 in a record name", "fileName", "letters, digits")]
    [InlineData("percent-encoded byte that is not UTF-8 in a record name", "fileName", "letters, digits")]
    public async Task A_malformed_request_that_reaches_the_application_gets_a_problem_naming_the_reason(string request, string path, string reason)
    {
        var caseFile = Encoding.UTF8.GetBytes(ImrApi.SeedCase(ImrApi.NewCaseNumber()).ToJsonString());
        var raw = request switch
        {
            "chunked body with a bad chunk size" => Request("POST /api/cases", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray()),
            "Idempotency-Key in UTF-8 outside ASCII" => Request("POST /api/cases", $"Content-Type: application/json\r\nContent-Length: {caseFile.Length}\r\n", caseFile, "Idempotency-Key: cl\u00e9-1\r\n"u8.ToArray()),
            "Idempotency-Key that is not UTF-8" => Request("POST /api/cases", $"Content-Type: application/json\r\nContent-Length: {caseFile.Length}\r\n", caseFile, [.. "Idempotency-Key: cl"u8, 0xE9, .. "-2\r\n"u8]),
            "percent-encoded space in a record name" => Record("a%20b.pdf"),
            "percent-encoded UTF-8 in a record name" => Record("%C3%A9.pdf"),
            "percent-encoded byte that is not UTF-8 in a record name" => Record("%FF.pdf"),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request, null),
        };

        var answer = await SendAsync(raw);

        answer.Status.ShouldBe(400, answer.ToString());
        answer.ContentType.ShouldBe("application/problem+json", answer.ToString());
        var error = JsonNode.Parse(answer.Body)!["errors"]!.AsArray().ShouldHaveSingleItem()!;
        error["path"]!.GetValue<string>().ShouldBe(path, answer.ToString());
        error["reason"]!.GetValue<string>().ShouldContain(reason, Case.Insensitive, answer.ToString());
    }

    [Theory]
    [InlineData("NUL in the path", 400)]
    [InlineData("space in the path", 400)]
    [InlineData("raw UTF-8 in the path", 400)]
    [InlineData("percent-encoded NUL in the path", 400)]
    [InlineData("request line over 8 KiB", 414)]
    [InlineData("headers over 32 KiB", 431)]
    [InlineData("more than 100 headers", 431)]
    [InlineData("Content-Length that is not a number", 400)]
    [InlineData("header value that is not UTF-8", 400)]
    public async Task A_request_kestrel_refuses_before_the_application_gets_its_status_with_no_body(string request, int status)
    {
        var raw = request switch
        {
            "NUL in the path" => Request("GET /api/cases/a\0b", ""),
            "space in the path" => Request("GET /api/cases/a b", ""),
            "raw UTF-8 in the path" => Request("GET /api/cases/\u00e9", ""),
            "percent-encoded NUL in the path" => Request("PUT /api/cases/CM25-0000001/records/name%00.pdf", "Content-Length: 0\r\n"),
            "request line over 8 KiB" => Request($"GET /api/cases/{new string('a', 8 * 1024)}", ""),
            "headers over 32 KiB" => Request("GET /api/health", $"X-Padding: {new string('a', 32 * 1024)}\r\n"),
            "more than 100 headers" => Request("GET /api/health", string.Concat(Enumerable.Range(0, 100).Select(i => $"X-Header-{i}: {i}\r\n"))),
            "Content-Length that is not a number" => Request("POST /api/cases", "Content-Type: application/json\r\nContent-Length: ten\r\n"),
            "header value that is not UTF-8" => Request("GET /api/health", "", rawHeader: [.. "X-Note: cl"u8, 0xE9, .. "\r\n"u8]),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request, null),
        };

        var answer = await SendAsync(raw);

        answer.Status.ShouldBe(status, answer.ToString());
        answer.Headers.ShouldContainKeyAndValue("content-length", "0", answer.ToString());
        answer.Body.ShouldBeEmpty(answer.ToString());
    }

    [Fact]
    public async Task Requests_just_inside_the_limits_reach_the_application()
    {
        // The request line "GET /api/cases/aaa...a HTTP/1.1" with its CRLF at 8 KiB exactly: a malformed case number, so a 404 problem.
        var target = "/api/cases/" + new string('a', (8 * 1024) - "GET  HTTP/1.1\r\n".Length - "/api/cases/".Length);
        var longest = await SendAsync(Request($"GET {target}", ""));
        longest.Status.ShouldBe(404, longest.ToString());
        longest.ContentType.ShouldBe("application/problem+json", longest.ToString());

        // Headers near 32 KiB in all, and 100 of them counting Host and Connection.
        var padded = await SendAsync(Request("GET /api/health", $"X-Padding: {new string('a', 31 * 1024)}\r\n"));
        padded.Status.ShouldBe(200, padded.ToString());
        var many = await SendAsync(Request("GET /api/health", string.Concat(Enumerable.Range(0, 98).Select(i => $"X-Header-{i}: {i}\r\n"))));
        many.Status.ShouldBe(200, many.ToString());
    }

    private byte[] Record(string encodedName) =>
        Request($"PUT /api/cases/{ImrApi.NewCaseNumber()}/records/{encodedName}", "Content-Type: application/pdf\r\nContent-Length: 8\r\n", "%PDF-1.4"u8.ToArray());

    /// <summary>
    /// A request line and headers (each ending CRLF), then Host and Connection: close, and but for the health route the
    /// development sign-in's staff identity, as raw bytes.
    /// </summary>
    private byte[] Request(string requestLine, string headers, byte[]? body = null, byte[]? rawHeader = null) =>
    [
        .. Encoding.UTF8.GetBytes($"{requestLine} HTTP/1.1\r\nHost: 127.0.0.1:{system.Local.Port}\r\nConnection: close\r\n{headers}"),
        .. requestLine.Contains(" /api/health", StringComparison.Ordinal) ? [] : Encoding.ASCII.GetBytes($"{CallerIdentityHandler.DevelopmentHeader}: staff:raw-test\r\n"),
        .. rawHeader ?? [],
        .. "\r\n"u8,
        .. body ?? [],
    ];

    private async Task<RawAnswer> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, system.Local.Port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read all of an oversized request; its answer is still there.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // Reset after the answer (unread request bytes left behind); the answer is complete.
        }

        return RawAnswer.Parse(received.ToArray());
    }

    /// <summary>An HTTP/1.1 answer read to the end of the connection.</summary>
    private sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value.Split(';')[0].Trim() : null;

        public static RawAnswer Parse(byte[] bytes)
        {
            var text = Encoding.Latin1.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            end.ShouldBeGreaterThan(0, $"no HTTP answer: '{text}'");
            var lines = text[..end].Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
            var body = text[(end + 4)..];
            if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                var decoded = new StringBuilder();
                for (var at = 0; ;)
                {
                    var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                    var size = int.Parse(body[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (size == 0)
                    {
                        break;
                    }

                    decoded.Append(body, lineEnd + 2, size);
                    at = lineEnd + 2 + size + 2;
                }

                body = decoded.ToString();
            }

            return new RawAnswer(int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body)));
        }

        public override string ToString() => $"{Status} {string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}\n{Body}";
    }
}
