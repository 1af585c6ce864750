using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>
/// What an application call came to: a success with a value, or a refusal with a status and every problem.
/// Status codes follow HTTP because both hosts speak it, but no HTTP type leaks into the workflow.
/// </summary>
/// <typeparam name="T">The value of a success.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1000:Do not declare static members on generic types", Justification = "Outcome<T>.Success(...) reads as the domain speaks.")]
public sealed record Outcome<T>
{
    private Outcome(OutcomeStatus status, T? value, string? title, IReadOnlyList<ValidationProblem> problems)
    {
        Status = status;
        Value = value;
        Title = title;
        Problems = problems;
    }

    /// <summary>The status: 200, 201 or 202 for success; 400, 403, 404, 409 or 413 for a refusal.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>The value of a success; default for a refusal.</summary>
    public T? Value { get; }

    /// <summary>A one-line summary of a refusal.</summary>
    public string? Title { get; }

    /// <summary>Every problem found, each with the field (JSON path) and the reason.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => (int)Status < 300;

    /// <summary>A success.</summary>
    public static Outcome<T> Success(T value, OutcomeStatus status = OutcomeStatus.Ok) => new(status, value, null, []);

    /// <summary>A refusal with a title and problems.</summary>
    public static Outcome<T> Refused(OutcomeStatus status, string title, IReadOnlyList<ValidationProblem>? problems = null) =>
        new(status, default, title, problems ?? []);

    /// <summary>A refusal with one problem.</summary>
    public static Outcome<T> Refused(OutcomeStatus status, string title, string path, string reason) =>
        new(status, default, title, [new ValidationProblem(path, reason)]);

    /// <summary>400 with every problem.</summary>
    public static Outcome<T> Invalid(IReadOnlyList<ValidationProblem> problems) =>
        Refused(OutcomeStatus.BadRequest, "The request is invalid.", problems);

    /// <summary>404 naming what was not found.</summary>
    public static Outcome<T> NotFound(string what) => Refused(OutcomeStatus.NotFound, $"{what} was not found.");

    /// <summary>Carries a refusal over to another value type.</summary>
    public Outcome<TOther> As<TOther>() =>
        IsSuccess
            ? throw new InvalidOperationException("Only a refusal can be carried over to another value type.")
            : Outcome<TOther>.Refused(Status, Title ?? "", Problems);
}

/// <summary>The statuses an application call ends with (HTTP numbering).</summary>
public enum OutcomeStatus
{
    /// <summary>Done; here is the result.</summary>
    Ok = 200,

    /// <summary>Created.</summary>
    Created = 201,

    /// <summary>Accepted; the workflow carries on in the background.</summary>
    Accepted = 202,

    /// <summary>The input is invalid.</summary>
    BadRequest = 400,

    /// <summary>The caller may not do this (e.g. not the assigned reviewer).</summary>
    Forbidden = 403,

    /// <summary>No such case, reviewer or letter.</summary>
    NotFound = 404,

    /// <summary>The request conflicts with the case's state or an earlier request.</summary>
    Conflict = 409,

    /// <summary>The body is larger than allowed.</summary>
    PayloadTooLarge = 413,

    /// <summary>The body is not what its declared media type says (e.g. "application/pdf" that is not a PDF).</summary>
    UnsupportedMediaType = 415,

    /// <summary>A dependency (storage, the durable engine) is not ready; try again later.</summary>
    ServiceUnavailable = 503,
}
