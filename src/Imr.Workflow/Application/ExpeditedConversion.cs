using System.Globalization;
using System.Text.Json;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Input;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>The body of <c>POST /cases/{caseNumber}/expedite</c>: the treating physician's certification.</summary>
public sealed record ExpediteRequest
{
    /// <summary>The treating physician who certified the threat (an id, e.g. the NPI).</summary>
    public string? CertifiedBy { get; init; }

    /// <summary>The date the certification was signed; not in the future.</summary>
    public DateOnly? CertifiedOn { get; init; }

    /// <summary>The physician's statement of the imminent and serious threat, with its supporting documentation referred to.</summary>
    public string? Statement { get; init; }
}

/// <summary>
/// Converts a regular review into an expedited one when the employee's treating physician certifies an imminent and serious
/// threat to the employee's health (8 CCR § 9792.10.4(c)). The certification is stored write-once with the case's records
/// (<see cref="CertificationFileName"/>), so the reviewer has it with them, and the case's orchestration is told; it
/// recomputes the deadlines and notifies the parties at once.
/// </summary>
public sealed class ExpeditedConversion(DurableTaskClient client, ICaseIndex index, ICaseFileStore files, TimeProvider time, ILogger<ExpeditedConversion> log)
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest statement accepted.</summary>
    public const int MaxStatementLength = 10_000;

    /// <summary>The longest physician id accepted.</summary>
    public const int MaxCertifiedByLength = 200;

    /// <summary>The record the certification is stored as, under <c>cases/{caseNumber}/records/</c>.</summary>
    public const string CertificationFileName = "expedited-certification.json";

    /// <summary>Checks the certification and hands it to the case: 202, or 400/404/409/413 naming the field or the state.</summary>
    public async Task<Outcome<CaseExpedited>> ExpediteAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var outcome = await ExpediteCoreAsync(caseNumber, body, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.ExpediteRequested(WorkflowLog.Safe(caseNumber));
        }
        else
        {
            log.Refused("ExpediteCase", (int)outcome.Status, outcome.Problems.Count, WorkflowLog.Safe(caseNumber));
        }

        return outcome;
    }

    /// <summary>Every problem of a certification, each naming its field; empty when it can be taken.</summary>
    public static IReadOnlyList<ValidationProblem> Problems(ExpediteRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(request.CertifiedBy))
        {
            problems.Add(new("$.certifiedBy", "The certifying treating physician's id is required."));
        }
        else if (request.CertifiedBy.Length > MaxCertifiedByLength)
        {
            problems.Add(new("$.certifiedBy", $"At most {MaxCertifiedByLength} characters."));
        }
        else if (FreeText.SingleLineProblem(request.CertifiedBy) is { } why)
        {
            problems.Add(new("$.certifiedBy", why));
        }

        if (request.CertifiedOn is not { } signed)
        {
            problems.Add(new("$.certifiedOn", "The date the certification was signed is required (yyyy-MM-dd)."));
        }
        else if (signed > today)
        {
            problems.Add(new("$.certifiedOn", string.Create(CultureInfo.InvariantCulture, $"The certification date ({signed:yyyy-MM-dd}) is in the future (today is {today:yyyy-MM-dd}, California).")));
        }

        if (string.IsNullOrWhiteSpace(request.Statement))
        {
            problems.Add(new("$.statement", "The physician's statement of the imminent and serious threat is required (8 CCR § 9792.10.4(c))."));
        }
        else if (request.Statement.Length > MaxStatementLength)
        {
            problems.Add(new("$.statement", $"At most {MaxStatementLength} characters."));
        }
        else if (FreeText.LetterParagraphsProblem(request.Statement) is { } why)
        {
            problems.Add(new("$.statement", why));
        }

        return problems;
    }

    private async Task<Outcome<CaseExpedited>> ExpediteCoreAsync(string caseNumber, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseQueries.BadCaseNumber<CaseExpedited>();
        }

        if (body.Length > MaxBodyBytes)
        {
            return Outcome<CaseExpedited>.Refused(OutcomeStatus.PayloadTooLarge, "The certification is too large.", "$", $"The limit is {MaxBodyBytes} bytes.");
        }

        if (!ApplicationJson.TryRead<ExpediteRequest>(body.Span, out var request, out var readProblems))
        {
            return Outcome<CaseExpedited>.Invalid(readProblems);
        }

        var now = time.GetUtcNow();
        var problems = Problems(request!, PacificTime.DateOf(now));
        if (problems.Count > 0)
        {
            return Outcome<CaseExpedited>.Invalid(problems);
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<CaseExpedited>.NotFound($"Case {number}");
        }

        var row = found.Case;
        if (row.State == CaseState.Determined || row.Determination is not null)
        {
            return Conflict(number, $"Case {number} has been determined; a determined review is not converted.");
        }

        if (CaseStates.IsClosed(row.State))
        {
            return Conflict(number, $"Case {number} is {row.State} and closed; there is no review to convert.");
        }

        if (row.Priority == Priority.Expedited)
        {
            return Conflict(number, row.ExpeditedAt is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"Case {number} was converted to an expedited review at {at:O}.")
                : $"Case {number} is an expedited review already, from its application.");
        }

        // Write-once: the same certification again is a replay (handed to the case again, which converts once); a different
        // one means another request converted the case first.
        var content = JsonSerializer.SerializeToUtf8Bytes(
            new ExpediteRequest { CertifiedBy = request!.CertifiedBy!.Trim(), CertifiedOn = request.CertifiedOn, Statement = request.Statement },
            ApplicationJson.Options);
        using var stream = new MemoryStream(content, writable: false);
        var stored = await files.StoreRecordAsync(number, CertificationFileName, stream, "application/json", cancellationToken).ConfigureAwait(false);
        if (stored.Outcome == RecordStoreOutcome.Conflict)
        {
            return Conflict(number, $"Case {number} is being converted to an expedited review on another certification.");
        }

        // The certification with its supporting documentation joins the records the reviewer reviews.
        var instance = CaseWorkflowContract.InstanceId(number);
        await client.RaiseEventAsync(
            instance,
            CaseWorkflowContract.RecordArrivedEvent,
            new RecordArrived(CertificationFileName, stored.Blob.Path, stored.Blob.ContentHash, now),
            cancellationToken).ConfigureAwait(false);
        var expedited = new CaseExpedited(request.CertifiedBy.Trim(), request.CertifiedOn!.Value, stored.Blob.Path, stored.Blob.ContentHash, now);
        await client.RaiseEventAsync(instance, CaseWorkflowContract.CaseExpeditedEvent, expedited, cancellationToken).ConfigureAwait(false);
        return Outcome<CaseExpedited>.Success(expedited, OutcomeStatus.Accepted);
    }

    private static Outcome<CaseExpedited> Conflict(CaseNumber number, string reason) =>
        Outcome<CaseExpedited>.Refused(OutcomeStatus.Conflict, $"Case {number} cannot be converted to an expedited review.", "state", reason);
}
