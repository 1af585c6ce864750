using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>
/// Which open case carries the applications of one employee, requesting physician and date of injury, so that they are
/// resolved in a single determination (8 CCR § 9792.10.4(a)). One carrier at a time per key; an application joins it
/// until the carrier's review starts (<see cref="CloseAsync"/>), and the next application after that opens a new carrier.
/// </summary>
public interface IConsolidationRegister
{
    /// <summary>
    /// Joins <paramref name="application"/> to the open carrier of <paramref name="key"/>, or makes it the carrier when
    /// none is open. Returns the carrier: the application's own number when it carries. Repeating the call for the same
    /// application gives the same answer, even after the carrier closed.
    /// </summary>
    Task<CaseNumber> JoinOrOpenAsync(string key, CaseNumber application, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes <paramref name="carrier"/> to further applications and returns the applications joined to it, in the order
    /// they joined. Repeating the call returns the same list.
    /// </summary>
    Task<IReadOnlyList<CaseNumber>> CloseAsync(string key, CaseNumber carrier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands the applications joined to <paramref name="carrier"/> on when the carrier ends before its review starts
    /// (withdrawn): the carrier is closed, the first application joined to it carries the rest, and later applications of
    /// <paramref name="key"/> join that one. Returns the applications in the order they joined (the first is the new
    /// carrier), or none when nothing was joined or the carrier's review has started (they are then in its review).
    /// Repeating the call returns the same list.
    /// </summary>
    Task<IReadOnlyList<CaseNumber>> HandOverAsync(string key, CaseNumber carrier, CancellationToken cancellationToken = default);
}
