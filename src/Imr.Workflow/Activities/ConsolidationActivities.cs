using System.Globalization;
using Imr.Domain.Cases;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="ConsolidateApplicationActivity"/>.</summary>
/// <param name="Step">The step ("consolidation").</param>
/// <param name="Recipients">The parties of the notice of assignment, told when the application joins another case.</param>
public sealed record ConsolidateApplicationRequest(CaseStep Step, IReadOnlyList<NoticeRecipient> Recipients);

/// <summary>The case that carries the application: its own number when it carries, another when it joined one.</summary>
/// <param name="Carrier">The carrying case.</param>
public sealed record ConsolidationResult(CaseNumber Carrier);

/// <summary>The input of <see cref="CloseConsolidationActivity"/>.</summary>
/// <param name="Step">The step ("consolidation-closed").</param>
public sealed record CloseConsolidationRequest(CaseStep Step);

/// <summary>An application consolidated into the carrying case, with its disputed items.</summary>
/// <param name="CaseNumber">The application's own case number.</param>
/// <param name="Items">Its disputed items' descriptions.</param>
public sealed record ConsolidatedApplication(CaseNumber CaseNumber, IReadOnlyList<string> Items);

/// <summary>What the register keys consolidation on (8 CCR § 9792.10.4(a)).</summary>
public static class ConsolidationKey
{
    /// <summary>
    /// The employee, the requesting physician and the date of injury, as § 9792.10.4(a) names them; and the priority, so an
    /// expedited application never waits on a regular review's clock, nor a regular one shortens to an expedited one's.
    /// </summary>
    public static string Of(CaseFile caseFile)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{caseFile.Parties?.Employee?.Id}|{caseFile.Parties?.RequestingProvider?.Id}|{caseFile.Dates?.Injury:yyyy-MM-dd}|{caseFile.Priority ?? Priority.Standard}");
    }
}

/// <summary>
/// Step 1b: an accepted application joins the open case of the same employee, requesting physician and date of injury
/// whose review has not started, or becomes that case (8 CCR § 9792.10.4(a)). A joined application's row becomes
/// Consolidated and names the carrier; the join is audited on both cases, and each party of the notice of assignment, and
/// the claims administrator with the carrier's records deadline, is told which case carries the application: this is the
/// application's notice of assignment (§ 9792.10.4(b)). Idempotent: the register answers a repeat the same way, and the row, audit
/// and notification ids are the step's.
/// </summary>
public sealed class ConsolidateApplicationActivity : TaskActivity<ConsolidateApplicationRequest, ConsolidationResult>
{
    private readonly ICaseFileStore _files;
    private readonly IConsolidationRegister _register;
    private readonly IAuditTrail _audit;
    private readonly ICaseIndex _cases;
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public ConsolidateApplicationActivity(ICaseFileStore files, IConsolidationRegister register, IAuditTrail audit, ICaseIndex cases, CaseJournal journal)
    {
        _files = files;
        _cases = cases;
        _register = register;
        _audit = audit;
        _journal = journal;
    }

    /// <inheritdoc />
    public override async Task<ConsolidationResult> RunAsync(TaskActivityContext context, ConsolidateApplicationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var caseFile = await _files.ReadAcceptedCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {step.CaseNumber} has no stored case file.");
        var carrier = await _register.JoinOrOpenAsync(ConsolidationKey.Of(caseFile), step.CaseNumber).ConfigureAwait(false);
        if (carrier == step.CaseNumber)
        {
            return new ConsolidationResult(carrier);
        }

        var detail = $"consolidatedInto={carrier}";
        await _journal.UpdateCaseAsync(
            step,
            c => c with { State = CaseState.Consolidated, StateReason = $"Consolidated into {carrier}", ConsolidatedInto = carrier },
            "system",
            "Consolidated",
            detail).ConfigureAwait(false);
        await _audit.AppendAsync(new AuditEntry
        {
            Id = $"{CaseWorkflowContract.InstanceId(carrier)}:application-consolidated:{step.CaseNumber}",
            CaseNumber = carrier,
            Actor = "system",
            Action = "ApplicationConsolidated",
            At = step.At,
            Detail = $"application={step.CaseNumber}; items={caseFile.DisputedItems?.Count ?? 0}",
            PolicyVersion = step.PolicyVersion,
            WorkflowVersion = step.WorkflowVersion,
        }).ConfigureAwait(false);
        var notices = input.Recipients.Select(r => CaseJournal.ToParty(step, NotificationKinds.Consolidated, r.Role, r.PartyId, detail)).ToList();

        // The claims administrator sends this application's records to the carrying case, by its records deadline: the one
        // review runs on the carrier's clock (docs/workflow.md, "Consolidation").
        if (caseFile.Parties?.ClaimsAdministrator?.Id is { } claimsAdministrator)
        {
            var recordsDue = (await _cases.GetAsync(carrier).ConfigureAwait(false))?.Case.Deadlines.RecordsDue;
            notices.Add(CaseJournal.ToParty(
                step,
                NotificationKinds.Consolidated,
                "claimsAdministrator",
                claimsAdministrator,
                string.Create(CultureInfo.InvariantCulture, $"{detail}; recordsDue={recordsDue:O}")));
        }

        if (notices.Count > 0)
        {
            await _journal.NotifyAsync(step, notices).ConfigureAwait(false);
        }

        return new ConsolidationResult(carrier);
    }
}

/// <summary>
/// Closes the carrying case to further applications as its review starts, and adds the disputed items of every
/// application joined to it to the case row, so the review and the single determination decide them all
/// (8 CCR § 9792.10.4(a)). Idempotent: the register returns the same list again, and the row change is absolute.
/// </summary>
public sealed class CloseConsolidationActivity : TaskActivity<CloseConsolidationRequest, IReadOnlyList<ConsolidatedApplication>>
{
    private readonly ICaseFileStore _files;
    private readonly IConsolidationRegister _register;
    private readonly CaseJournal _journal;

    /// <summary>Creates the activity.</summary>
    public CloseConsolidationActivity(ICaseFileStore files, IConsolidationRegister register, CaseJournal journal)
    {
        _files = files;
        _register = register;
        _journal = journal;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<ConsolidatedApplication>> RunAsync(TaskActivityContext context, CloseConsolidationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var caseFile = await _files.ReadAcceptedCaseFileAsync(step.CaseNumber).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {step.CaseNumber} has no stored case file.");
        var joined = await _register.CloseAsync(ConsolidationKey.Of(caseFile), step.CaseNumber).ConfigureAwait(false);
        if (joined.Count == 0)
        {
            return [];
        }

        var applications = new List<ConsolidatedApplication>();
        foreach (var number in joined)
        {
            var application = await _files.ReadAcceptedCaseFileAsync(number).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Consolidated application {number} has no stored case file.");
            applications.Add(new ConsolidatedApplication(number, (application.DisputedItems ?? []).Select(i => i.Description ?? "").ToList()));
        }

        var items = (caseFile.DisputedItems ?? []).Select(i => i.Description ?? "").Concat(applications.SelectMany(a => a.Items)).ToList();
        await _journal.UpdateCaseAsync(
            step,
            c => c with { Items = items, ConsolidatedApplications = joined },
            "system",
            "ApplicationsConsolidated",
            string.Create(CultureInfo.InvariantCulture, $"applications={string.Join(",", joined)}; items={items.Count}")).ConfigureAwait(false);
        return applications;
    }
}
