using Imr.Domain.Cases;
using Imr.Domain.Reviewers;

namespace Imr.Workflow.Ports;

/// <summary>Table storage for the reviewer registry and reviewers' load.</summary>
public interface IReviewerRegistry
{
    /// <summary>Creates a reviewer; false when the id is taken.</summary>
    Task<bool> TryCreateAsync(Reviewer reviewer, CancellationToken cancellationToken = default);

    /// <summary>Replaces a reviewer's profile (credentials, affiliations, capacity, status), keeping the load the registry counts; false when unknown.</summary>
    Task<bool> UpdateAsync(Reviewer reviewer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a reviewer with the current load; null when unknown. Throws <see cref="UnreadableReviewerException"/> when the
    /// stored profile cannot be read (a replacing <see cref="UpdateAsync"/> repairs it).
    /// </summary>
    Task<Reviewer?> GetAsync(string reviewerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reviewers certified in any of these specialties, reading only those specialties' partitions. A profile that
    /// cannot be read is left out and named in <see cref="ReviewerSearch.Unreadable"/>, so it costs one reviewer, not the search.
    /// </summary>
    Task<ReviewerSearch> FindBySpecialtiesAsync(IReadOnlyCollection<string> specialties, CancellationToken cancellationToken = default);

    /// <summary>Every reviewer in the registry, by id, for the registry's list; a profile that cannot be read is named, not listed.</summary>
    Task<ReviewerSearch> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the case was assigned to the reviewer (attempt n) and adds one to the load, exactly once:
    /// calling it again for the same case and attempt changes nothing and returns false. Safe under concurrency.
    /// </summary>
    Task<bool> RecordAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default);

    /// <summary>Ends that assignment and takes one off the load, exactly once (decided, reassigned, or terminated).</summary>
    Task<bool> ReleaseAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default);
}
