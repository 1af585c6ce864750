using System.Text.Json;
using System.Text.Json.Nodes;
using Imr.Domain.Cases;
using Imr.Domain.Reviewers;
using Imr.Workflow.Activities;
using Imr.Workflow.Ports;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>Adds, changes and reads the expert reviewers in the registry.</summary>
public sealed class ReviewerRegistration(IReviewerRegistry registry, ICaseIndex index, ICaseFileStore files, TimeProvider time, ILogger<ReviewerRegistration> log)
{
    private const string HalfSurrogate = "The text escapes half of a surrogate pair (\\uD800-\\uDFFF alone); it is not valid Unicode.";

    /// <summary>The largest reviewer profile accepted.</summary>
    public const int MaxProfileBytes = 64 * 1024;

    /// <summary>Creates a reviewer (the id is generated when the body has none): 201, 400, 409 when the id is taken.</summary>
    public async Task<Outcome<Reviewer>> CreateAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var outcome = await CreateCoreAsync(body, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.ReviewerSaved(outcome.Value!.Id, "created", (int)outcome.Status);
        }
        else
        {
            log.Refused("CreateReviewer", (int)outcome.Status, outcome.Problems.Count, "(none)");
        }

        return outcome;
    }

    private async Task<Outcome<Reviewer>> CreateCoreAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var read = Read(body, routeId: null);
        if (!read.IsSuccess)
        {
            return read;
        }

        var reviewer = read.Value!;
        return await registry.TryCreateAsync(reviewer, cancellationToken).ConfigureAwait(false)
            ? Outcome<Reviewer>.Success(reviewer, OutcomeStatus.Created)
            : Outcome<Reviewer>.Refused(OutcomeStatus.Conflict, $"Reviewer '{reviewer.Id}' already exists.", "$.id", "Use PUT /reviewers/{id} to change a reviewer.");
    }

    /// <summary>Replaces a reviewer's profile (the registry keeps the caseload): 200, 400, 404.</summary>
    public async Task<Outcome<Reviewer>> UpdateAsync(string id, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var outcome = await UpdateCoreAsync(id, body, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.ReviewerSaved(outcome.Value!.Id, "replaced", (int)outcome.Status);
        }
        else
        {
            log.Refused("ReplaceReviewer", (int)outcome.Status, outcome.Problems.Count, "(none)");
        }

        return outcome;
    }

    private async Task<Outcome<Reviewer>> UpdateCoreAsync(string id, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var read = Read(body, id);
        if (!read.IsSuccess)
        {
            return read;
        }

        if (!await registry.UpdateAsync(read.Value!, cancellationToken).ConfigureAwait(false))
        {
            return Outcome<Reviewer>.NotFound($"Reviewer '{id}'");
        }

        // The profile just written is readable; only a concurrent write could make this read fail.
        var updated = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return updated.IsSuccess ? updated : Outcome<Reviewer>.Success(read.Value!);
    }

    /// <summary>Reads a reviewer with the current caseload, or 404; 409 when the stored profile cannot be read.</summary>
    public async Task<Outcome<Reviewer>> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdProblem(id) is not null)
        {
            return Outcome<Reviewer>.NotFound($"Reviewer '{id}'");
        }

        try
        {
            var reviewer = await registry.GetAsync(id, cancellationToken).ConfigureAwait(false);
            return reviewer is null ? Outcome<Reviewer>.NotFound($"Reviewer '{id}'") : Outcome<Reviewer>.Success(reviewer);
        }
        catch (UnreadableReviewerException e)
        {
            return Unreadable<Reviewer>(e);
        }
    }

    /// <summary>Every reviewer with the current caseload, by id, and the ids of those whose stored profile cannot be read.</summary>
    public async Task<Outcome<ReviewerSearch>> ListAsync(CancellationToken cancellationToken = default) =>
        Outcome<ReviewerSearch>.Success(await registry.ListAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Every reason the reviewer may, or may not, take the case, judged today by the domain's eligibility rules.</summary>
    public async Task<Outcome<EligibilityView>> EligibilityAsync(string id, string? caseNumber, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(caseNumber) || !CaseNumber.TryParse(caseNumber, out var number))
        {
            return Outcome<EligibilityView>.Invalid([new ValidationProblem("case", "The query parameter 'case' must be a case number, CMyy-nnnnnnn.")]);
        }

        var reviewer = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!reviewer.IsSuccess)
        {
            return reviewer.As<EligibilityView>();
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        var caseFile = found is null ? null : await files.ReadAcceptedCaseFileAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null || caseFile is null)
        {
            return Outcome<EligibilityView>.NotFound($"Case {number}");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var policy = CasePolicies.Find(found.Case.PolicyVersion);
        var evaluation = Eligibility.Evaluate(reviewer.Value!, new EligibilityContext(caseFile, today, found.Case.PreviousReviewerIds, policy: policy));
        return Outcome<EligibilityView>.Success(new EligibilityView(
            evaluation.Reviewer.Id, number.ToString(), evaluation.IsEligible, evaluation.Fit.ToString(), today, evaluation.Reasons));
    }

    /// <summary>Why a text cannot be a reviewer id (it is a table key), or null when it can.</summary>
    public static string? IdProblem(string? id) => ReviewerProfileValidator.IdProblem(id);

    /// <summary>Reads and checks a profile body; the id comes from the route (PUT), the body, or is generated (POST).</summary>
    internal static Outcome<Reviewer> Read(ReadOnlyMemory<byte> body, string? routeId)
    {
        if (body.Length > MaxProfileBytes)
        {
            return Outcome<Reviewer>.Refused(OutcomeStatus.PayloadTooLarge, "The reviewer profile is too large.", "$", $"The limit is {MaxProfileBytes} bytes.");
        }

        if (routeId is not null && IdProblem(routeId) is not null)
        {
            return Outcome<Reviewer>.NotFound($"Reviewer '{routeId}'");
        }

        // The id comes from the route (PUT) or is generated (POST without one), so fill it in before typed reading.
        JsonObject? node;
        try
        {
            // A repeated property is refused here: the node would otherwise fail on first access, and one of the values would be lost.
            node = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Outcome<Reviewer>.Invalid([new ValidationProblem(ex.Path ?? "$", ApplicationJson.ReasonFor(ex))]);
        }
        catch (InvalidOperationException)
        {
            // The duplicate check unescapes every property name; a name escaping a lone surrogate fails there.
            return Outcome<Reviewer>.Invalid([new ValidationProblem("$", HalfSurrogate)]);
        }

        if (node is null)
        {
            return Outcome<Reviewer>.Invalid([new ValidationProblem("$", "Expected a JSON object.")]);
        }

        if (HalfSurrogateAt(node) is { } at)
        {
            return Outcome<Reviewer>.Invalid([new ValidationProblem(at, HalfSurrogate)]);
        }

        var bodyId = node["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var text) ? text : null;
        if (routeId is not null)
        {
            if (bodyId is not null && bodyId != routeId)
            {
                return Outcome<Reviewer>.Invalid([new ValidationProblem("$.id", "The id in the body differs from the id in the route.")]);
            }

            node["id"] = routeId;
        }
        else if (node["id"] is null)
        {
            node["id"] = $"rev-{Guid.NewGuid():N}"[..16];
        }

        Reviewer? reviewer;
        try
        {
            reviewer = node.Deserialize<Reviewer>(ApplicationJson.Options);
        }
        catch (JsonException ex)
        {
            return Outcome<Reviewer>.Invalid([new ValidationProblem(ex.Path ?? "$", ApplicationJson.ReasonFor(ex))]);
        }

        var problems = Check(reviewer!);
        return problems.Count > 0 ? Outcome<Reviewer>.Invalid(problems) : Outcome<Reviewer>.Success(reviewer! with { CurrentCaseload = 0 });
    }

    // The parsed node unescapes names and strings only when they are read, so an escaped lone surrogate ("\uDC00") would
    // throw later, outside any JSON error; every name and string is read here once to find it.
    private static string? HalfSurrogateAt(JsonNode node)
    {
        try
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        if (child is not null && HalfSurrogateAt(child) is { } at)
                        {
                            return at;
                        }
                    }

                    return null;
                case JsonArray array:
                    return array.OfType<JsonNode>().Select(HalfSurrogateAt).FirstOrDefault(at => at is not null);
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return node.GetPath();
        }
    }

    private static List<ValidationProblem> Check(Reviewer reviewer) =>
        ReviewerProfileValidator.Validate(reviewer).Select(p => new ValidationProblem(p.Path, p.Reason)).ToList();

    /// <summary>409 for a reviewer whose stored profile cannot be read: the row exists, and a PUT of a valid profile repairs it.</summary>
    private static Outcome<T> Unreadable<T>(UnreadableReviewerException e) =>
        Outcome<T>.Refused(
            OutcomeStatus.Conflict,
            $"The stored profile of reviewer '{e.ReviewerId}' cannot be read; replace it with PUT /reviewers/{e.ReviewerId}.",
            e.Field,
            $"Stored value unreadable: {e.Reason}.");
}

/// <summary>The answer to <c>GET /reviewers/{id}/eligibility?case=...</c>.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="Eligible">True when no rule refuses the reviewer.</param>
/// <param name="SpecialtyFit">How the reviewer's best current certification fits the case.</param>
/// <param name="JudgedOn">The date licenses and certifications were judged on.</param>
/// <param name="Reasons">Every reason the reviewer is refused; empty when eligible.</param>
public sealed record EligibilityView(string ReviewerId, string CaseNumber, bool Eligible, string SpecialtyFit, DateOnly JudgedOn, IReadOnlyList<EligibilityReason> Reasons);
