using Imr.Domain.Reviewers;

namespace Imr.Workflow.Ports;

/// <summary>The reviewers a search found, and the ids of those whose stored profile could not be read.</summary>
/// <param name="Reviewers">The readable reviewers, by id.</param>
/// <param name="Unreadable">The reviewers left out because their stored profile cannot be read, by id.</param>
public sealed record ReviewerSearch(IReadOnlyList<Reviewer> Reviewers, IReadOnlyList<string> Unreadable);
