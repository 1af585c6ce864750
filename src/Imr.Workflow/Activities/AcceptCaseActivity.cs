using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="AcceptCaseActivity"/>.</summary>
/// <param name="Step">The step ("accepted").</param>
/// <param name="Source">Where the case file came from: "http" or the intake blob name.</param>
/// <param name="CaseFilePath">The stored case file's blob path.</param>
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

    /// <summary>The statutory policy version the case is judged under from now on.</summary>
    public string PolicyVersion { get; init; } = "";

    /// <summary>Every reason for a refusal, each with the JSON path it is about.</summary>
    public IReadOnlyList<ValidationProblem> Reasons { get; init; } = [];

    /// <summary>Standard or Expedited.</summary>
    public Priority Priority { get; init; }

    /// <summary>The disputed items' descriptions in case-file order.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The claims administrator's party id.</summary>
    public string ClaimsAdministrator { get; init; } = "claims-administrator";

    /// <summary>The date this organization received the AD's finding (8 CCR § 9792.10.4(b)).</summary>
    public DateOnly FindingReceivedOn { get; init; }

    /// <summary>Who gets the notice of assignment (8 CCR § 9792.10.4(b)).</summary>
    public IReadOnlyList<NoticeRecipient> NoticeRecipients { get; init; } = [];
}

/// <summary>
/// Step 1: reads the stored case file, validates it and checks the filing window. An invalid file is quarantined with
/// its reasons and the case ends Rejected; a late one ends Ineligible; a good one is indexed.
/// Idempotent: quarantine is write-once, the row update sets absolute values, the audit id is fixed.
/// </summary>
public sealed class AcceptCaseActivity : TaskActivity<AcceptCaseRequest, AcceptCaseResult>
{
    private readonly ICaseFileStore _files;
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public AcceptCaseActivity(ICaseFileStore files, CaseJournal journal, ILogger<AcceptCaseActivity> log)
    {
        _files = files;
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<AcceptCaseResult> RunAsync(TaskActivityContext context, AcceptCaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The policy is fixed here, in an activity, so that replays of the orchestration see the version history recorded.
        var clock = CasePolicies.ClockFor(input.Step.PolicyVersion);
        var step = input.Step with { PolicyVersion = clock.Policy.Version };
        var finding = await JudgeAsync(step, input, clock).ConfigureAwait(false);
        await RecordAsync(step, input, finding).ConfigureAwait(false);
        if (finding.Result.Verdict == AcceptVerdict.Accepted)
        {
            _log.CaseAccepted(step.CaseNumber, step.Key, finding.Result.Priority, finding.Result.Items.Count, step.PolicyVersion);
        }
        else
        {
            _log.CaseRefused(step.CaseNumber, step.Key, finding.Result.Verdict.ToString(), finding.Result.Reasons.Count);
        }

        return finding.Result with { PolicyVersion = step.PolicyVersion };
    }

    /// <summary>Reads and judges the case file; stores what the verdict keeps (the accepted file, or the refused one in quarantine).</summary>
    private async Task<Finding> JudgeAsync(CaseStep step, AcceptCaseRequest input, StatutoryClock clock)
    {
        // Every way in (HTTP, intake blob, the sweep's restart, a repair) stores the file under cases/ before the start.
        var content = await _files.ReadCaseFileAsync(step.CaseNumber).ConfigureAwait(false);

        if (content is null)
        {
            return Refused(CaseState.Rejected, [new ValidationProblem("$", $"no case file was found at '{input.CaseFilePath}'.")], quarantinedAt: null);
        }

        var read = CaseFileReader.ReadAndValidate(content.Content.Span, step.At);
        if (!read.IsValid)
        {
            var problems = read.Problems.Count > 0 ? read.Problems : [new ValidationProblem("$", "The document could not be read as a case file.")];
            var report = new QuarantineReport
            {
                Source = input.Source,
                RefusedAt = step.At,
                Problems = problems,
            };
            var quarantined = await _files.QuarantineAsync(input.CaseFilePath, content.Content, report).ConfigureAwait(false);
            return Refused(CaseState.Rejected, problems, quarantined.Path);
        }

        var caseFile = read.CaseFile!;
        if (ApplicationWindow.Check(caseFile, clock) is { } late)
        {
            return Refused(CaseState.Ineligible, [late], quarantinedAt: null);
        }

        var priority = caseFile.Priority ?? Priority.Standard;
        var items = caseFile.DisputedItems!.Select(i => i.Description ?? "").ToList();
        return new Finding(
            new AcceptCaseResult
            {
                Verdict = AcceptVerdict.Accepted,
                Priority = priority,
                Items = items,
                ClaimsAdministrator = caseFile.Parties?.ClaimsAdministrator?.Id is { Length: > 0 } ca ? ca : "claims-administrator",
                FindingReceivedOn = caseFile.EligibilityFinding!.ReceivedOn!.Value,
                NoticeRecipients = NoticeRecipients(caseFile),
            },
            CaseState.Received,
            StateReason: null,
            "CaseAccepted",
            string.Create(CultureInfo.InvariantCulture, $"source={input.Source}; priority={priority}; items={items.Count}"));
    }

    // The employer, the employee, the employee's attorney if represented, and the requesting physician (8 CCR § 9792.10.4(b)).
    internal static List<NoticeRecipient> NoticeRecipients(CaseFile caseFile)
    {
        var parties = caseFile.Parties!;
        return new (string Role, Party? Party)[]
            {
                ("employer", parties.Employer),
                ("employee", parties.Employee),
                ("employeeAttorney", parties.EmployeeAttorney),
                ("requestingPhysician", parties.RequestingProvider),
            }
            .Where(r => !string.IsNullOrWhiteSpace(r.Party?.Id))
            .Select(r => new NoticeRecipient(r.Role, r.Party!.Id!))
            .ToList();
    }

    /// <summary>
    /// The one write path for every verdict: the case row (created if the submission has not made it yet; left alone when it
    /// already says all this, as after submission or a retry) and the step's audit row.
    /// </summary>
    private async Task RecordAsync(CaseStep step, AcceptCaseRequest input, Finding finding)
    {
        var accepted = finding.Result.Verdict == AcceptVerdict.Accepted;
        await _journal.UpsertCaseAsync(step, c =>
        {
            // Acceptance only ever moves a Received row. A copy of this step that runs again late (its host was killed
            // mid-run, so the message came back after the visibility timeout) finds the case assigned, under review or
            // determined, and must not put it back to Received: the case would show Received while the orchestration
            // waits for records, or a Determined case would read Received. The step watermark refuses such a copy too;
            // this guard also covers a row or a step without a watermark.
            if (c.State != CaseState.Received)
            {
                return null;
            }

            var next = c with
            {
                State = finding.State,
                StateReason = finding.StateReason,

                // Only an accepted file is trusted for the priority and the items; a refusal leaves what the row had.
                Priority = accepted ? finding.Result.Priority : c.Priority,
                Items = accepted ? finding.Result.Items : c.Items,
                PolicyVersion = step.PolicyVersion,
                WorkflowVersion = step.WorkflowVersion,
                ContentHash = input.ContentHash,
            };
            return Same(c, next) ? null : next;
        }).ConfigureAwait(false);
        await _journal.AuditAsync(step, "system", finding.AuditAction, finding.AuditDetail).ConfigureAwait(false);
    }

    private static Finding Refused(CaseState state, IReadOnlyList<ValidationProblem> reasons, string? quarantinedAt)
    {
        var reason = string.Join(" | ", reasons);
        return new Finding(
            new AcceptCaseResult
            {
                Verdict = state == CaseState.Rejected ? AcceptVerdict.Rejected : AcceptVerdict.Ineligible,
                Reasons = reasons,
            },
            state,
            reason,
            state == CaseState.Rejected ? "CaseRejected" : "CaseIneligible",
            quarantinedAt is null ? reason : $"{reason} | quarantined={quarantinedAt}");
    }

    private static bool Same(Case a, Case b) =>
        a.State == b.State && a.StateReason == b.StateReason && a.Priority == b.Priority && a.Items.SequenceEqual(b.Items, StringComparer.Ordinal)
        && a.PolicyVersion == b.PolicyVersion && a.WorkflowVersion == b.WorkflowVersion && a.ContentHash == b.ContentHash;

    /// <summary>What acceptance found, as data: the answer for the orchestration, the row's state, and the audit entry.</summary>
    private sealed record Finding(AcceptCaseResult Result, CaseState State, string? StateReason, string AuditAction, string AuditDetail);
}
