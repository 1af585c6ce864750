using Imr.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Imr.Http;

/// <summary>
/// Turns application outcomes into HTTP answers. Refusals become <c>application/problem+json</c> with an <c>errors</c>
/// list of <c>{path, reason}</c>. Shared, as a linked source file, by the Functions app and the one-machine host.
/// </summary>
public static class ProblemResults
{
    /// <summary>The media type of a problem body.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>A success mapped by <paramref name="onSuccess"/>, or the refusal as problem details.</summary>
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> onSuccess) =>
        outcome.IsSuccess ? onSuccess(outcome.Value!) : Problem(outcome);

    /// <summary>A success as JSON with the outcome's status, or the refusal as problem details.</summary>
    public static IResult Json<T>(Outcome<T> outcome) =>
        From(outcome, value => Results.Json(value, ApplicationJson.Options, statusCode: (int)outcome.Status));

    /// <summary>The refusal as problem details.</summary>
    public static IResult Problem<T>(Outcome<T> outcome) =>
        Problem((int)outcome.Status, outcome.Title ?? "The request was refused.", outcome.Problems.Select(p => new ProblemError(p.Path, p.Reason)).ToList());

    /// <summary>Problem details with a status, a title and errors.</summary>
    public static IResult Problem(int status, string title, IReadOnlyList<ProblemError>? errors = null) =>
        Results.Json(
            new ProblemBody($"https://httpstatuses.io/{status}", title, status, errors ?? []),
            ApplicationJson.Options,
            contentType: ProblemJson,
            statusCode: status);
}

/// <summary>An RFC 9457 problem body with the list of field errors.</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Errors">Every problem: the field (JSON path) and the reason.</param>
public sealed record ProblemBody(string Type, string Title, int Status, IReadOnlyList<ProblemError> Errors);

/// <summary>One field error.</summary>
/// <param name="Path">The JSON path or parameter name.</param>
/// <param name="Reason">Why, in plain words.</param>
public sealed record ProblemError(string Path, string Reason);
