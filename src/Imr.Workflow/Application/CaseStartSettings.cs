using Imr.Workflow.Timing;

namespace Imr.Workflow.Application;

/// <summary>How hosts start case orchestrations: real time in production; compressed time for demos and end-to-end tests.</summary>
public sealed class CaseStartSettings
{
    /// <summary>The timing carried in each new case's input; null means real time.</summary>
    public WorkflowTiming? Timing { get; init; }

    /// <summary>
    /// Settings for a host that compresses statutory time to <paramref name="secondsPerStatutoryDay"/> real seconds a day
    /// (demos and end-to-end tests), or real time when null. Failed activities are retried within a statutory day.
    /// <paramref name="consolidate"/> turns on consolidation of applications (8 CCR § 9792.10.4(a)).
    /// </summary>
    public static CaseStartSettings For(double? secondsPerStatutoryDay, bool consolidate = false) => new()
    {
        Consolidate = consolidate,
        Timing = secondsPerStatutoryDay is { } seconds
            ? new WorkflowTiming { SecondsPerStatutoryDay = seconds, ActivityRetrySeconds = Math.Min(5, Math.Max(0.5, seconds)) }
            : null,
    };

    /// <summary>Whether notices of assignment go out electronically (12-day records deadline) or by mail (15 days).</summary>
    public bool ElectronicNotice { get; init; } = true;

    /// <summary>
    /// Whether applications of the same employee, requesting physician and date of injury are consolidated into one open
    /// case and one determination (8 CCR § 9792.10.4(a)); off unless the host turns it on.
    /// </summary>
    public bool Consolidate { get; init; }
}
