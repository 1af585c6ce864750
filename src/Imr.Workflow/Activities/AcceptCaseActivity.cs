using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="AcceptCaseActivity"/>.</summary>
/// <param name="Step">The step ("accepted").</param>
/// <param name="Source">Where the case file came from: "http" or the intake blob name.</param>
/// <param name="CaseFilePath">The stored case file's blob path, or the intake blob name.</param>
/// <param name="ContentHash">SHA-256 (hex) of the case file.</param>
public sealed record AcceptCaseRequest(CaseStep Step, string Source, string CaseFilePath, string ContentHash);

/// <summary>Whether a case file was accepted.</summary>
public enum AcceptVerdict
{
    /// <summary>Valid and filed in time: the case goes on to assignment.</summary>
    Accepted,

    /// <summary>Invalid: quarantined with its reasons.</summary>
    Rejected,

    /// <summary>Valid but not eligible for IMR (filed outside the window).</summary>
    Ineligible,
}

/// <summary>What acceptance found; for an accepted case, what the orchestration needs to run it (no clinical text beyond item names).</summary>
public sealed record AcceptCaseResult
{
    /// <summary>The verdict.</summary>
    public required AcceptVerdict Verdict { get; init; }

    /// <summary>The workflow version of the build that accepted the case; pinned in history so replays never change it.</summary>
    public string WorkflowVersion { get; init; } = "";

    /// <summary>The statutory policy version the case is judged under from now on.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>Every reason for a refusal, each "path: reason".</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Standard or Expedited.</summary>
    public Priority Priority { get; init; }

    /// <summary>The disputed items' descriptions in case-file order.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The claims administrator's party id.</summary>
    public string ClaimsAdministrator { get; init; } = "claims-administrator";
}

/// <summary>
/// Step 1: reads the case file, validates it and checks the filing window. An invalid file is quarantined with its
/// reasons and the case ends Rejected; a late one ends Ineligible; a good one is stored write-once and indexed.
/// Idempotent: quarantine and the case file are write-once, the row update sets absolute values, the audit id is fixed.
/// </summary>
public sealed class AcceptCaseActivity : TaskActivity<AcceptCaseRequest, AcceptCaseResult>
{
    private readonly ICaseFileStore _files;
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public AcceptCaseActivity(ICaseFileStore files, CaseJournal journal)
    {
        _files = files;
        _journal = journal;
    }

    /// <inheritdoc />
    public override async Task<AcceptCaseResult> RunAsync(TaskActivityContext context, AcceptCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The policy is fixed here, in an activity, so that replays of the orchestration see the version history recorded.
        var clock = CasePolicies.ClockFor(input.Step.PolicyVersion);
        var step = input.Step with { PolicyVersion = clock.Policy.Version, WorkflowVersion = Contract.CaseWorkflowContract.CurrentVersion };
        var fromCaseStore = input.CaseFilePath.StartsWith("cases/", StringComparison.Ordinal);
        var content = fromCaseStore
            ? await _files.ReadCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            : await _files.ReadIntakeAsync(IntakeName(input.CaseFilePath)).ConfigureAwait(false);

        if (content is null)
        {
            var missing = $"$: no case file was found at '{input.CaseFilePath}'.";
            return await RefuseAsync(step, input, CaseState.Rejected, [missing], quarantine: null).ConfigureAwait(false);
        }

        var today = PacificTime.DateOf(step.At);
        var read = CaseFileReader.ReadAndValidate(content.Content.Span, today);
        if (!read.IsValid)
        {
            var problems = read.Problems.Count > 0 ? read.Problems : [new ValidationProblem("$", "The document could not be read as a case file.")];
            var report = new QuarantineReport
            {
                Source = input.Source,
                RefusedAt = step.At,
                Problems = problems.Select(p => new InputProblem(p.Path, p.Reason)).ToList(),
            };
            return await RefuseAsync(step, input, CaseState.Rejected, problems.Select(p => p.ToString()).ToList(), (content, report)).ConfigureAwait(false);
        }

        var caseFile = read.CaseFile!;
        if (ApplicationWindow.Check(caseFile, clock) is { } late)
        {
            return await RefuseAsync(step, input, CaseState.Ineligible, [late.ToString()], quarantine: null).ConfigureAwait(false);
        }

        if (!fromCaseStore)
        {
            await _files.StoreCaseFileAsync(step.CaseNumber, content.Content).ConfigureAwait(false);
        }

        var priority = caseFile.Priority ?? Priority.Standard;
        var items = caseFile.DisputedItems!.Select(i => i.Description ?? "").ToList();
        await _journal.UpsertCaseAsync(step.CaseNumber, c => c with
        {
            State = CaseState.Received,
            StateReason = null,
            Priority = priority,
            Items = items,
            PolicyVersion = step.PolicyVersion,
            WorkflowVersion = step.WorkflowVersion,
            ContentHash = input.ContentHash,
        }).ConfigureAwait(false);
        await _journal.AuditAsync(
            step,
            "system",
            "CaseAccepted",
            string.Create(CultureInfo.InvariantCulture, $"source={input.Source}; priority={priority}; items={items.Count}")).ConfigureAwait(false);

        return new AcceptCaseResult
        {
            Verdict = AcceptVerdict.Accepted,
            PolicyVersion = step.PolicyVersion,
            WorkflowVersion = Contract.CaseWorkflowContract.CurrentVersion,
            Priority = priority,
            Items = items,
            ClaimsAdministrator = caseFile.Parties?.ClaimsAdministrator?.Id is { Length: > 0 } ca ? ca : "claims-administrator",
        };
    }

    private async Task<AcceptCaseResult> RefuseAsync(
        CaseStep step,
        AcceptCaseRequest input,
        CaseState state,
        IReadOnlyList<string> reasons,
        (StoredContent Content, QuarantineReport Report)? quarantine)
    {
        string? quarantinedAt = null;
        if (quarantine is { } q)
        {
            var blob = await _files.QuarantineAsync(input.CaseFilePath, q.Content.Content, q.Report).ConfigureAwait(false);
            quarantinedAt = blob.Path;
        }

        var reason = string.Join(" | ", reasons);
        await _journal.UpsertCaseAsync(step.CaseNumber, c => c with
        {
            State = state,
            StateReason = reason,
            PolicyVersion = step.PolicyVersion,
            WorkflowVersion = step.WorkflowVersion,
            ContentHash = input.ContentHash,
        }).ConfigureAwait(false);
        await _journal.AuditAsync(
            step,
            "system",
            state == CaseState.Rejected ? "CaseRejected" : "CaseIneligible",
            quarantinedAt is null ? reason : $"{reason} | quarantined={quarantinedAt}").ConfigureAwait(false);

        return new AcceptCaseResult
        {
            Verdict = state == CaseState.Rejected ? AcceptVerdict.Rejected : AcceptVerdict.Ineligible,
            PolicyVersion = step.PolicyVersion,
            WorkflowVersion = Contract.CaseWorkflowContract.CurrentVersion,
            Reasons = reasons,
        };
    }

    private static string IntakeName(string path) =>
        path.StartsWith("intake/", StringComparison.Ordinal) ? path["intake/".Length..] : path;
}
