using Imr.Domain.Cases;
using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Imr.Http;

/// <summary>
/// Turns application outcomes into HTTP answers. Refusals become ASP.NET Core problem details
/// (<c>application/problem+json</c>) with an <c>errors</c> list of <see cref="ValidationProblem"/>s (<c>{path, reason}</c>),
/// written by the host's <see cref="IProblemDetailsService"/> (<see cref="ProblemDetailsSetup.AddImrProblemDetails"/>).
/// </summary>
public static class ProblemResults
{
    /// <summary>The media type of a problem body.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>The name of the problem body's extension that lists every <see cref="ValidationProblem"/>.</summary>
    public const string ErrorsExtension = "errors";

    /// <summary>A success mapped by <paramref name="onSuccess"/>, or the refusal as problem details.</summary>
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> onSuccess) =>
        outcome.IsSuccess ? onSuccess(outcome.Value!) : Problem(outcome);

    /// <summary>A success as JSON with the outcome's status, or the refusal as problem details.</summary>
    public static IResult Json<T>(Outcome<T> outcome) =>
        From(outcome, value => Results.Json(value, ApplicationJson.Options, statusCode: (int)outcome.Status));

    /// <summary>The refusal as problem details.</summary>
    public static IResult Problem<T>(Outcome<T> outcome) =>
        Problem((int)outcome.Status, outcome.Title ?? "The request was refused.", outcome.Problems);

    /// <summary>Problem details with a status, a title and errors.</summary>
    public static IResult Problem(int status, string title, IReadOnlyList<ValidationProblem>? errors = null) =>
        TypedResults.Problem(Details(status, title, errors));

    /// <summary>The problem details every refusal is written as: a type naming the status, a title, the status and the errors.</summary>
    public static ProblemDetails Details(int status, string title, IReadOnlyList<ValidationProblem>? errors = null) =>
        new()
        {
            Type = TypeOf(status),
            Title = title,
            Status = status,
            Extensions = { [ErrorsExtension] = errors ?? [] },
        };

    /// <summary>The URI naming the kind of problem, one per status.</summary>
    public static string TypeOf(int status) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"https://httpstatuses.io/{status}");
}
