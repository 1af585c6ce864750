using Imr.Domain.Cases;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Http;

/// <summary>The one problem-details writer both hosts use, for refusals, status pages and exceptions alike.</summary>
public static class ProblemDetailsSetup
{
    /// <summary>
    /// Registers ASP.NET Core's problem-details service so every problem body has the same shape: <c>type</c> (one per
    /// status), <c>title</c>, <c>status</c> and <c>errors</c> (<c>[{path, reason}]</c>, possibly empty), and nothing else.
    /// </summary>
    public static IServiceCollection AddImrProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var details = context.ProblemDetails;
            var status = details.Status ?? context.HttpContext.Response.StatusCode;
            details.Status = status;
            details.Type = ProblemResults.TypeOf(status);
            details.Title ??= "The request was refused.";

            // The framework's defaults add a trace id; clients get the documented fields only (docs/api.md, Errors).
            details.Extensions.Remove("traceId");
            if (!details.Extensions.ContainsKey(ProblemResults.ErrorsExtension))
            {
                details.Extensions[ProblemResults.ErrorsExtension] = Array.Empty<ValidationProblem>();
            }
        });
}
