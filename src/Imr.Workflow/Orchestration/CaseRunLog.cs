using Microsoft.Extensions.Logging;

namespace Imr.Workflow.Orchestration;

/// <summary>The case orchestration's log messages (event ids 3000-3099), written through a replay-safe logger. No health information.</summary>
internal static partial class CaseRunLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Case {CaseNumber}: the notice of assignment went out after its due time {Due:O} (8 CCR 9792.10.4(b)).")]
    public static partial void NoticeOfAssignmentLate(ILogger logger, string caseNumber, DateTimeOffset due);
}
