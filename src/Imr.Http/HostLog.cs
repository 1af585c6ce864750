using Imr.Workflow.Application;
using Microsoft.Extensions.Logging;

namespace Imr.Http;

/// <summary>
/// The log messages both hosts write about their triggers and requests, in one place with fixed event ids, so a query over
/// either host's logs finds the same events. They carry statuses, counts, case numbers and exception types only: never
/// case content or a stack trace (an exception's message or trace may quote clinical text).
/// </summary>
public static partial class HostLog
{
    /// <summary>A request failed unexpectedly and was answered 500.</summary>
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Request failed with {ExceptionType}; answered {Status}.")]
    public static partial void RequestFailed(this ILogger logger, string exceptionType, int status);

    /// <summary>A case file in the <c>intake</c> container was handled.</summary>
    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Intake blob handled with status {Status}, case {CaseNumber}.")]
    public static partial void IntakeBlobHandled(this ILogger logger, int status, string caseNumber);

    /// <summary>A record uploaded under a case was announced to the case.</summary>
    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Record blob announced with status {Status}, case {CaseNumber}.")]
    public static partial void RecordBlobAnnounced(this ILogger logger, int status, string caseNumber);

    /// <summary>The escalation sweep ran.</summary>
    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Escalation sweep: {Due} overdue, {NearRaised} told a deadline is near ({Retold} of them again), {NearFailed} could not be told, {Escalated} escalated, {Retries} assignment retries, {Restarted} restarted, {Reported} reported, {Dropped} stale entries dropped.")]
    private static partial void SweepCompleted(this ILogger logger, int due, int nearRaised, int retold, int nearFailed, int escalated, int retries, int restarted, int reported, int dropped);

    /// <summary>The escalation sweep ran; its report, counted.</summary>
    public static void SweepCompleted(this ILogger logger, SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        logger.SweepCompleted(report.Due, report.NearRaised, report.Retold, report.NearFailed, report.Escalated, report.AssignmentRetries, report.Restarted, report.Reported, report.Dropped);
    }

    /// <summary>The escalation sweep failed; the next run tries again (it is idempotent).</summary>
    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Escalation sweep failed ({ExceptionType}); the next run tries again.")]
    public static partial void SweepFailed(this ILogger logger, string exceptionType);

    /// <summary>The retention run purged the orchestration history of cases closed longer ago than the period.</summary>
    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Retention: {Ended} case orchestrations ended before the period, {Purged} histories purged, {Kept} kept (case open or recently changed).")]
    private static partial void RetentionCompleted(this ILogger logger, int ended, int purged, int kept);

    /// <summary>The retention run; its report, counted.</summary>
    public static void RetentionCompleted(this ILogger logger, RetentionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        logger.RetentionCompleted(report.Ended, report.Purged, report.Kept);
    }

    /// <summary>The retention run failed; the next run tries again (it is idempotent).</summary>
    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Retention failed ({ExceptionType}); the next run tries again.")]
    public static partial void RetentionFailed(this ILogger logger, string exceptionType);
}
