using Imr.Workflow.Contract;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Activities;

/// <summary>The input of <see cref="RecordArrivalActivity"/>.</summary>
/// <param name="Step">The step ("record:{fileName}:{hash}").</param>
/// <param name="Record">The record that arrived (a blob reference).</param>
public sealed record RecordArrivalRequest(CaseStep Step, RecordArrived Record);

/// <summary>Step 3a: audits one arrived record. Its audit id comes from the file name and hash, so a duplicate event or a retry writes once.</summary>
public sealed class RecordArrivalActivity : TaskActivity<RecordArrivalRequest, bool>
{
    private readonly CaseJournal _journal;
    private readonly ILogger _log;

    /// <summary>Creates the activity.</summary>
    public RecordArrivalActivity(CaseJournal journal, ILogger<RecordArrivalActivity> log)
    {
        _journal = journal;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordArrivalRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _journal.AuditAsync(
            input.Step,
            "claims-administrator",
            "RecordArrived",
            $"blob={input.Record.BlobPath}; sha256={input.Record.ContentHash}").ConfigureAwait(false);
        _log.RecordArrivalAudited(input.Step.CaseNumber, input.Record.ContentHash);
        return true;
    }
}
