using Imr.Domain.Cases;
using Imr.Workflow.Activities;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// How a caller without a session acts as the assigned reviewer (decision, conflict statement, request for information):
/// by holding an assignment credential issued for the case's current assignment (docs/security.md).
/// </summary>
internal static class ReviewerCredential
{
    /// <summary>The credential a request carries: the <c>X-Assignment-Token</c> header, else the body's <c>assignmentToken</c>.</summary>
    public static string? Token(string? header, string? body) => string.IsNullOrEmpty(header) ? body : header;

    /// <summary>Whether <paramref name="token"/> is an assignment credential issued for the case's current assignment.</summary>
    public static async Task<bool> HoldsAsync(IIdempotencyRecords idempotency, Case @case, string? token, CancellationToken cancellationToken)
    {
        // A token longer than any issued one is refused before hashing; no lookup reveals anything about other tokens.
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        // The case row, already read, holds the current assignment's hashes: no lookup of its own. A credential recorded
        // as an idempotency record per attempt and hash (by a late copy of the assignment step that the row refused) is
        // looked up by key, still for the current attempt only.
        var hash = AssignmentCredential.Hash(token);
        if (@case.AssignmentTokenHashes.Contains(hash, StringComparer.Ordinal))
        {
            return true;
        }

        var issued = await idempotency.GetAsync(AssignmentCredential.Key(@case.CaseNumber, @case.AssignmentCount, hash), cancellationToken).ConfigureAwait(false);
        return issued is not null && issued.CaseNumber == @case.CaseNumber && string.Equals(issued.ContentHash, hash, StringComparison.Ordinal);
    }

    /// <summary>The 403 for a caller with neither a reviewer's session nor a valid credential.</summary>
    public static Outcome<T> Refusal<T>() => Outcome<T>.Refused(
        OutcomeStatus.Forbidden,
        "The assignment credential is missing or not valid for this assignment.",
        "$.assignmentToken",
        "Send the token from the notice of assignment (body field assignmentToken or header X-Assignment-Token).");
}
