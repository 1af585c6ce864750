using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Imr.Domain.Cases;

namespace Imr.Workflow.Activities;

/// <summary>
/// The assignment credential: a random token issued to the assigned reviewer with the notice of assignment and required
/// with the decision. Only its SHA-256 hash is stored, as an idempotency record whose key names the case, the assignment
/// attempt and the hash, so a reassignment (a new attempt) makes every earlier token worthless.
/// </summary>
public static class AssignmentCredential
{
    /// <summary>Random bytes per token (256 bits).</summary>
    public const int TokenBytes = 32;

    /// <summary>A new token from the operating system's cryptographic generator, base64url without padding.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token's SHA-256 hash, lower-case hex.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The idempotency key under which a token's hash is recorded for one assignment attempt.</summary>
    public static string Key(CaseNumber caseNumber, int attempt, string tokenHash) =>
        string.Create(CultureInfo.InvariantCulture, $"assignment-token:{caseNumber}:{attempt}:{tokenHash}");
}
