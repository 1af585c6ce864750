using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Imr.Domain.Cases;

namespace Imr.Workflow.Application;

/// <summary>
/// The continuation token <c>GET /cases</c> hands out: the storage's own token together with the filter it belongs to,
/// base64url, and a check (a truncated SHA-256 over both) so a garbled or made-up token, or one from a listing with
/// another filter, is refused instead of quietly starting again from the first page.
/// </summary>
internal static class CaseListToken
{
    private const string Version = "c1";
    private const int CheckBytes = 12;

    /// <summary>The token for the next page of the listing with this filter.</summary>
    public static string Issue(string storageToken, string? state, DateTimeOffset? dueBefore)
    {
        var payload = Encoding.UTF8.GetBytes(Payload(storageToken, state, dueBefore));
        return Version + "." + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Check(payload));
    }

    /// <summary>The storage token inside <paramref name="token"/>, when it was issued for this same filter and is intact.</summary>
    public static bool TryRead(string token, string? state, DateTimeOffset? dueBefore, out string storageToken)
    {
        storageToken = "";
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length > 4096)
        {
            return false;
        }

        byte[] payload;
        byte[] check;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
            check = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(check, Check(payload)))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(payload);
        var prefix = Payload("", state, dueBefore);
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length == prefix.Length)
        {
            return false;
        }

        storageToken = text[prefix.Length..];
        return true;
    }

    private static string Payload(string storageToken, string? state, DateTimeOffset? dueBefore) =>
        string.Create(CultureInfo.InvariantCulture, $"{state}|{dueBefore?.UtcTicks}|{storageToken}");

    private static byte[] Check(byte[] payload) =>
        SHA256.HashData([.. "imr-case-list\n"u8, .. payload])[..CheckBytes];
}
