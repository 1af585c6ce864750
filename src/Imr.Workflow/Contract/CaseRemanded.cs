namespace Imr.Workflow.Contract;

/// <summary>
/// The WCAB's remand of a reversed determination as the case orchestration takes it (LC § 4610.6(i)): the order's date and
/// reference, and the determination generation of the new review (2 after the first remand). Carried in
/// <see cref="CaseWorkflowInput.Remand"/> for the whole run; the remand's receipt is the instant of the run's first step.
/// </summary>
public sealed record CaseRemanded(DateOnly OrderDate, string OrderReference, int Generation);
