using Microsoft.Extensions.Logging;

namespace Imr.Local;

/// <summary>
/// The log messages only Imr.Local writes (its engine decorators and watchers), in one place with fixed event ids beside
/// <see cref="Imr.Http.HostLog"/>'s (docs/observability.md lists them). They carry ids, counts and exception types only.
/// </summary>
internal static partial class LocalLog
{
    /// <summary>The host is up.</summary>
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "IMR is listening on http://127.0.0.1:{Port}/api, the console on {ConsoleAddress} ({Engine} engine; storage {Storage}; task hub in {TaskHubStorage}).")]
    public static partial void Listening(this ILogger logger, int port, string consoleAddress, string engine, string storage, string taskHubStorage);

    /// <summary>A blob the watcher found could not be handled; it tries again.</summary>
    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "A blob could not be handled ({Error}), attempt {Attempt}.")]
    public static partial void BlobFailed(this ILogger logger, string error, int attempt);

    /// <summary>Listing the watched containers failed; the next pass tries again.</summary>
    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Blob scan failed ({Error}); retrying on the next pass.")]
    public static partial void ScanFailed(this ILogger logger, string error);

    /// <summary>Redelivered start messages for an execution already started were dropped.</summary>
    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "{InstanceId}: dropped {Count} redelivered ExecutionStarted message(s) for an execution already started (a host stopped mid-checkpoint).")]
    public static partial void RedeliveredStartsDropped(this ILogger logger, string instanceId, int count);

    /// <summary>A work item's queue message lock was renewed.</summary>
    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "{WorkItem}: lock renewed for another {Timeout}.")]
    public static partial void LockRenewed(this ILogger logger, string workItem, TimeSpan timeout);

    /// <summary>Renewing a work item's lock failed; it is tried again.</summary>
    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "{WorkItem}: renewing the lock failed with {ExceptionType}; trying again in {Interval}.")]
    public static partial void LockRenewalFailed(this ILogger logger, string workItem, string exceptionType, TimeSpan interval);

    /// <summary>The renewal loop ended with an error; the work item completes anyway.</summary>
    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Lock renewal ended with {ExceptionType}; completing the work item anyway.")]
    public static partial void LockRenewalEnded(this ILogger logger, string exceptionType);

    /// <summary>The development sign-in is on: callers name their own role.</summary>
    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Development sign-in is on ({Setting}=true): any caller names its own role in the {Header} header. Never expose this host.")]
    public static partial void DevelopmentSignInOn(this ILogger logger, string setting, string header);
}
