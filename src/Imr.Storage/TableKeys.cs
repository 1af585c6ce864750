using System.Security.Cryptography;
using System.Text;

namespace Imr.Storage;

/// <summary>
/// Turns outside strings (reviewer ids, idempotency keys, audit ids) into valid PartitionKey/RowKey values.
/// Table keys may not hold '/', '\', '#', '?' or control characters and are limited to 1 KiB; a safe string is kept
/// readable with a "k-" prefix, anything else becomes "h-" plus its SHA-256, so two different inputs never share a key.
/// </summary>
internal static class TableKeys
{
    private const int MaxReadableLength = 256;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsSafe(value) ? "k-" + value : "h-" + Hashes.Sha256Hex(Encoding.UTF8.GetBytes(value));
    }

    public static bool IsSafe(string value)
    {
        if (value.Length is 0 or > MaxReadableLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An OData string literal for a table filter, quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>SHA-256 content hashes as lowercase hex, the form kept in blob metadata and case rows.</summary>
internal static class Hashes
{
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
