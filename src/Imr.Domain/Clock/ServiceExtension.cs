using Imr.Domain.Cases;

namespace Imr.Domain.Clock;

/// <summary>
/// 8 CCR § 10605(a) (operative 1-1-2020, formerly § 10507): when a document is served by mail, fax, e-mail or any method
/// other than personal service, the time to act is extended by 5 calendar days for an address within California,
/// 10 within the United States, 20 outside it.
/// </summary>
public static class ServiceExtension
{
    /// <summary>
    /// Whether service by <paramref name="method"/> extends the time to act (8 CCR § 10605(a)): every method but personal
    /// service. An unknown method counts as extended, the longer window, so no worker is refused on a missing field.
    /// </summary>
    public static bool Applies(ServiceMethod? method) => method is not ServiceMethod.Personal;

    /// <summary>How the served method reads in a reason, e.g. "service by fax".</summary>
    public static string Describe(ServiceMethod? method) => method switch
    {
        ServiceMethod.Mail => "service by mail",
        ServiceMethod.Fax => "service by fax",
        ServiceMethod.Electronic => "service by e-mail or other electronic means",
        ServiceMethod.Personal => "personal service",
        _ => "service by a method not given",
    };
}
