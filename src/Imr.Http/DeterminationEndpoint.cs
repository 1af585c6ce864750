using System.Security.Claims;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// <c>GET /cases/{caseNumber}/determination[?generation=g]</c>: the letter as PDF (<c>Accept: application/pdf</c>) or text;
/// the newest issued, or generation g's (1 for the first, one more after each remand); 400 for a bad generation, 404 until issued.
/// </summary>
public static class DeterminationEndpoint
{
    /// <summary>Handles the request.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, string caseNumber, ClaimsPrincipal caller, CaseQueries queries, CancellationToken cancellationToken)
    {
        var accept = request.Headers.Accept.ToString();
        var format = accept.Contains("application/pdf", StringComparison.OrdinalIgnoreCase) ? LetterFormat.Pdf : LetterFormat.Text;
        var generation = request.Query.TryGetValue("generation", out var asked) ? asked.ToString() : null;
        var outcome = await queries.DeterminationAsync(caseNumber, format, CallerRoles.AssignedTo(caller), generation, cancellationToken).ConfigureAwait(false);
        return ProblemResults.From(outcome, letter => Results.Bytes(
            letter.Content.ToArray(),
            format == LetterFormat.Pdf ? "application/pdf" : "text/plain; charset=utf-8",
            fileDownloadName: format == LetterFormat.Pdf ? $"{caseNumber}-final-determination{(generation is null or "1" ? "" : "-" + generation)}.pdf" : null));
    }
}
