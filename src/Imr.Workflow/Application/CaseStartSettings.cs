using Imr.Workflow.Timing;

namespace Imr.Workflow.Application;

/// <summary>How hosts start case orchestrations: real time in production; compressed time for demos and end-to-end tests.</summary>
public sealed class CaseStartSettings
{
    /// <summary>The timing carried in each new case's input; null means real time.</summary>
    public WorkflowTiming? Timing { get; init; }

    /// <summary>Whether notices of assignment go out electronically (12-day records deadline) or by mail (15 days).</summary>
    public bool ElectronicNotice { get; init; } = true;
}
