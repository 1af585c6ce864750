using Imr.Domain.Cases;
using Microsoft.Extensions.Logging;

namespace Imr.Workflow;

/// <summary>
/// The log messages of the remand (LC § 4610.6(i)), numbered with the workflow's (2075 activity, 2175 application service;
/// docs/observability.md): case numbers, step keys, counts and statuses only, never the order's reference.
/// </summary>
public static partial class RemandLog
{
    /// <summary>The remand was recorded on the case, which now waits for a different reviewer.</summary>
    [LoggerMessage(EventId = 2075, Level = LogLevel.Information, Message = "Case {CaseNumber} step {Step}: remanded, determination generation {Generation}; {Excluded} reviewer(s) excluded; reopened now: {Reopened}.")]
    public static partial void RemandTaken(this ILogger logger, CaseNumber caseNumber, string step, int generation, int excluded, bool reopened);

    /// <summary>A remand was accepted and the case started again.</summary>
    [LoggerMessage(EventId = 2175, Level = LogLevel.Information, Message = "Case {CaseNumber}: remand accepted, determination generation {Generation}.")]
    public static partial void RemandAccepted(this ILogger logger, CaseNumber caseNumber, int generation);
}
