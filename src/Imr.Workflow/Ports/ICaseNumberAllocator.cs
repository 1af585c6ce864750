using Imr.Domain.Cases;

namespace Imr.Workflow.Ports;

/// <summary>Allocates case numbers without gaps or duplicates, using conditional writes.</summary>
public interface ICaseNumberAllocator
{
    /// <summary>The next number for a two-digit year.</summary>
    Task<CaseNumber> AllocateAsync(int twoDigitYear, CancellationToken cancellationToken = default);
}
