using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Application;

/// <summary>
/// Takes a case file, over HTTP or from the <c>intake</c> container, and starts its case exactly once.
/// The same Idempotency-Key, or the same content, gets the same case number again; every step is safe to repeat,
/// so a submission that crashed half-way is completed by its replay.
/// </summary>
public sealed class CaseSubmission(
    DurableTaskClient client,
    ICaseFileStore files,
    ICaseIndex index,
    ICaseNumberAllocator numbers,
    IIdempotencyRecords idempotency,
    IAuditTrail audit,
    TimeProvider time,
    CaseStartSettings settings,
    ILogger<CaseSubmission> log)
{
    /// <summary>The largest case file accepted (a case file references records; it never holds them).</summary>
    public const int MaxCaseFileBytes = CaseFileReader.MaxBytes;

    /// <summary>Longest Idempotency-Key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Submits a case file received over HTTP.</summary>
    public async Task<Outcome<SubmittedCase>> SubmitAsync(ReadOnlyMemory<byte> content, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var outcome = await SubmitCoreAsync(content, idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.CaseSubmitted(outcome.Value!.CaseNumber, "http", outcome.Value.Replayed);
        }
        else
        {
            log.Refused("SubmitCase", (int)outcome.Status, outcome.Problems.Count, "(none)");
        }

        return outcome;
    }

    private async Task<Outcome<SubmittedCase>> SubmitCoreAsync(ReadOnlyMemory<byte> content, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (content.Length > MaxCaseFileBytes)
        {
            return Outcome<SubmittedCase>.Refused(
                OutcomeStatus.PayloadTooLarge, "The case file is too large.", "$", $"The limit is {MaxCaseFileBytes} bytes.");
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || !idempotencyKey.All(IsKeyCharacter)))
        {
            return Outcome<SubmittedCase>.Refused(
                OutcomeStatus.BadRequest,
                "The Idempotency-Key header is invalid.",
                "Idempotency-Key",
                $"Must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters (U+0020 to U+007E).");
        }

        return await AcceptAsync(content, "http", idempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    // A header value outside ASCII arrives decoded differently by different servers and proxies, so the same key could match
    // itself on one host and not on another.
    private static bool IsKeyCharacter(char c) => c is >= ' ' and <= '~';

    /// <summary>
    /// Submits a case file uploaded to the <c>intake</c> container. A file that is refused is copied to <c>quarantine</c>
    /// with its error report (the outcome still says why). A blob that no longer exists is 404.
    /// </summary>
    public async Task<Outcome<SubmittedCase>> SubmitIntakeBlobAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var outcome = await SubmitIntakeBlobCoreAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            log.CaseSubmitted(outcome.Value!.CaseNumber, "intake", outcome.Value.Replayed);
        }
        else
        {
            log.Refused("SubmitIntakeBlob", (int)outcome.Status, outcome.Problems.Count, "(none)");
        }

        return outcome;
    }

    private async Task<Outcome<SubmittedCase>> SubmitIntakeBlobCoreAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var blob = await files.ReadIntakeAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return Outcome<SubmittedCase>.NotFound($"The intake blob '{blobName}'");
        }

        var source = $"intake/{blobName}";
        var outcome = blob.Content.Length > MaxCaseFileBytes
            ? Outcome<SubmittedCase>.Refused(OutcomeStatus.PayloadTooLarge, "The case file is too large.", "$", $"The limit is {MaxCaseFileBytes} bytes.")
            : await AcceptAsync(blob.Content, source, null, cancellationToken).ConfigureAwait(false);

        if (!outcome.IsSuccess)
        {
            var report = new QuarantineReport { Source = source, RefusedAt = time.GetUtcNow(), Problems = outcome.Problems };
            await files.QuarantineAsync(blobName, blob.Content, report, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private async Task<Outcome<SubmittedCase>> AcceptAsync(ReadOnlyMemory<byte> content, string source, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var hash = ApplicationJson.Sha256(content.Span);
        var requestKey = idempotencyKey is null ? null : $"request:{idempotencyKey}";
        var contentKey = $"content:{hash}";

        // Replays first: a file accepted yesterday is the same case today even if a date rule would now read it differently.
        if (requestKey is not null && await idempotency.GetAsync(requestKey, cancellationToken).ConfigureAwait(false) is { } earlierRequest)
        {
            return earlierRequest.ContentHash == hash
                ? await ReplayAsync(earlierRequest.CaseNumber, content, source, hash, cancellationToken).ConfigureAwait(false)
                : KeyReused();
        }

        // The content claim is looked up before a number is allocated (a replay must not take a number) and before a file
        // that no longer validates is refused (a file accepted earlier is the same case even if a rule would now refuse
        // it). A valid file that names its own number needs no lookup: the claim below answers 409 for a replay.
        var read = CaseFileReader.ReadAndValidate(content.Span, time.GetUtcNow());
        var givenNumber = read.IsValid ? read.CaseFile!.CaseNumber : null;
        if (givenNumber is null && await idempotency.GetAsync(contentKey, cancellationToken).ConfigureAwait(false) is { } earlierContent)
        {
            await ClaimRequestKeyAsync(requestKey, earlierContent.CaseNumber, hash, cancellationToken).ConfigureAwait(false);
            return await ReplayAsync(earlierContent.CaseNumber, content, source, hash, cancellationToken).ConfigureAwait(false);
        }

        if (!read.IsValid)
        {
            return Outcome<SubmittedCase>.Invalid(read.Problems.Select(p => new ValidationProblem(p.Path, p.Reason)).ToList());
        }

        var caseFile = read.CaseFile!;
        CaseNumber caseNumber;
        if (givenNumber is not null)
        {
            caseNumber = CaseNumber.Parse(givenNumber);
            if (await index.GetAsync(caseNumber, cancellationToken).ConfigureAwait(false) is { } existing && existing.Case.ContentHash != hash)
            {
                return NumberTaken(caseNumber);
            }
        }
        else
        {
            caseNumber = await numbers.AllocateAsync(time.GetUtcNow().Year % 100, cancellationToken).ConfigureAwait(false);
        }

        // The content claim decides a race between two identical submissions: the loser replays the winner's case.
        var claim = await idempotency.ClaimAsync(contentKey, caseNumber, hash, cancellationToken).ConfigureAwait(false);
        if (!claim.IsNew)
        {
            await ClaimRequestKeyAsync(requestKey, claim.CaseNumber, hash, cancellationToken).ConfigureAwait(false);
            return await ReplayAsync(claim.CaseNumber, content, source, hash, cancellationToken).ConfigureAwait(false);
        }

        if (requestKey is not null)
        {
            var requestClaim = await idempotency.ClaimAsync(requestKey, caseNumber, hash, cancellationToken).ConfigureAwait(false);
            if (!requestClaim.IsNew && requestClaim.ContentHash != hash)
            {
                return KeyReused();
            }
        }

        var refusal = await CreateCaseAsync(caseNumber, caseFile, content, source, hash, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        return Outcome<SubmittedCase>.Success(
            new SubmittedCase(caseNumber.ToString(), CaseWorkflowContract.InstanceId(caseNumber), Replayed: false), OutcomeStatus.Accepted);
    }

    /// <summary>Completes whatever an earlier identical submission may have left undone, then answers with its case.</summary>
    private async Task<Outcome<SubmittedCase>> ReplayAsync(CaseNumber caseNumber, ReadOnlyMemory<byte> content, string source, string hash, CancellationToken cancellationToken)
    {
        var existing = await index.GetAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // The first submission stopped after claiming its number; finish it now.
            var read = CaseFileReader.Read(content.Span);
            if (read.CaseFile is null)
            {
                return Outcome<SubmittedCase>.Invalid(read.Problems.Select(p => new ValidationProblem(p.Path, p.Reason)).ToList());
            }

            var refusal = await CreateCaseAsync(caseNumber, read.CaseFile, content, source, hash, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }
        }
        else if (existing.Case.ContentHash != hash)
        {
            return NumberTaken(caseNumber);
        }
        else if (!CaseStates.IsClosed(existing.Case.State))
        {
            // An open case whose orchestration is missing (an engine that lost it) is started again; an ended one is left be.
            // One whose orchestration failed or ended is stuck: starting it over from the file could repeat its steps, so the
            // answer says why nothing happens and what will (staff retry it, or it is withdrawn).
            var instance = await client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is not null && !CaseRepair.IsRunning(instance))
            {
                return Outcome<SubmittedCase>.Refused(
                    OutcomeStatus.Conflict,
                    $"Case {caseNumber} was submitted before and is stuck: its orchestration {instance.RuntimeStatus} while the case is {existing.Case.State}.",
                    "state",
                    $"Staff restart it once the cause is fixed (POST /cases/{caseNumber}/retry), or it can be withdrawn; submitting it again changes nothing.");
            }

            var storedPath = (await files.StoreCaseFileAsync(caseNumber, content, cancellationToken).ConfigureAwait(false)).Path;
            await StartOrchestrationAsync(caseNumber, source, storedPath, hash, cancellationToken).ConfigureAwait(false);
        }

        return Outcome<SubmittedCase>.Success(
            new SubmittedCase(caseNumber.ToString(), CaseWorkflowContract.InstanceId(caseNumber), Replayed: true), OutcomeStatus.Accepted);
    }

    /// <summary>
    /// Stores the file, audits the submission, starts the orchestration, then creates the case row (state Received); every
    /// step is idempotent. The orchestration starts before the row exists so a crash in between leaves no case row without
    /// an orchestration (the orchestration's first step writes the row itself); a crash before it leaves nothing the client
    /// was told about. The audit entry comes before the start because once the orchestration runs, its first step may write
    /// the row, and a replay that finds the row does not come back here, so a crash between start and audit would lose the
    /// CaseSubmitted entry (FaultTests).
    /// </summary>
    /// <returns>A refusal (number taken with other content), or null.</returns>
    private async Task<Outcome<SubmittedCase>?> CreateCaseAsync(
        CaseNumber caseNumber, CaseFile caseFile, ReadOnlyMemory<byte> content, string source, string hash, CancellationToken cancellationToken)
    {
        StoredBlob stored;
        try
        {
            stored = await files.StoreCaseFileAsync(caseNumber, content, cancellationToken).ConfigureAwait(false);
        }
        catch (WriteOnceViolationException)
        {
            return NumberTaken(caseNumber);
        }

        var now = time.GetUtcNow();
        await audit.AppendAsync(
            new AuditEntry
            {
                Id = $"{caseNumber}-submitted",
                CaseNumber = caseNumber,
                Actor = source == "http" ? "api" : "intake",
                Action = "CaseSubmitted",
                At = now,
                Detail = $"source={source}",
                WorkflowVersion = CaseWorkflowContract.CurrentVersion,
            },
            cancellationToken).ConfigureAwait(false);

        await StartOrchestrationAsync(caseNumber, source, stored.Path, hash, cancellationToken).ConfigureAwait(false);
        var @case = new Case
        {
            CaseNumber = caseNumber,
            State = CaseState.Received,
            Priority = caseFile.Priority ?? Priority.Standard,
            Items = (caseFile.DisputedItems ?? []).Select(i => i.Description ?? "").ToList(),
            ContentHash = hash,

            // What acceptance will stamp, so its write finds nothing to change (one write per case fewer).
            PolicyVersion = Imr.Domain.Clock.StatutoryPolicy.Current.Version,
            WorkflowVersion = CaseWorkflowContract.CurrentVersion,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await index.TryCreateAsync(@case, cancellationToken).ConfigureAwait(false)
            && await index.GetAsync(caseNumber, cancellationToken).ConfigureAwait(false) is { } existing
            && existing.Case.ContentHash != hash)
        {
            return NumberTaken(caseNumber);
        }

        return null;
    }

    /// <summary>
    /// Starts the case's orchestration unless it exists. Two identical submissions racing here may both start it; the
    /// Azure Storage provider drops a duplicate ExecutionStarted for a running instance, and a refusal from the engine
    /// because the instance now exists is taken as success.
    /// </summary>
    private async Task StartOrchestrationAsync(CaseNumber caseNumber, string source, string caseFilePath, string hash, CancellationToken cancellationToken)
    {
        var instanceId = CaseWorkflowContract.InstanceId(caseNumber);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var input = new CaseWorkflowInput
        {
            CaseNumber = caseNumber,
            Source = source,
            CaseFilePath = caseFilePath,
            ContentHash = hash,
            ReceivedAt = time.GetUtcNow(),
            Timing = settings.Timing,
            ElectronicNotice = settings.ElectronicNotice,
            Consolidate = settings.Consolidate,
        };
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                CaseWorkflowContract.OrchestrationName,
                input,
                CaseWorkflowContract.StartOptions(caseNumber),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Started meanwhile by the identical submission racing this one: that is success. Anything else is not.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }

    private async Task ClaimRequestKeyAsync(string? requestKey, CaseNumber caseNumber, string hash, CancellationToken cancellationToken)
    {
        if (requestKey is not null)
        {
            await idempotency.ClaimAsync(requestKey, caseNumber, hash, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Outcome<SubmittedCase> KeyReused() =>
        Outcome<SubmittedCase>.Refused(
            OutcomeStatus.Conflict,
            "The Idempotency-Key was used before with a different case file.",
            "Idempotency-Key",
            "Use a new key for a different case file.");

    private static Outcome<SubmittedCase> NumberTaken(CaseNumber caseNumber) =>
        Outcome<SubmittedCase>.Refused(
            OutcomeStatus.Conflict,
            $"Case {caseNumber} already exists with different content.",
            "$.caseNumber",
            "A case with this number was submitted before with a different case file.");
}
