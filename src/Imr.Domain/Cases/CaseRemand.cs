using System.Globalization;
using Imr.Domain.Input;

namespace Imr.Domain.Cases;

/// <summary>
/// The WCAB's order reversing a determination, as staff enter it (<c>POST /cases/{caseNumber}/remand</c>): the date of the
/// order and its reference (e.g. the ADJ case number). No clinical text.
/// </summary>
public sealed record RemandOrder
{
    /// <summary>The date of the WCAB's order reversing the determination (LC § 4610.6(h), (i)).</summary>
    public DateOnly? OrderDate { get; init; }

    /// <summary>The order's reference: the WCAB case number (ADJ…) or the order's own number.</summary>
    public string? OrderReference { get; init; }
}

/// <summary>
/// A determination the WCAB reversed and the review it sent back (LC § 4610.6(i)): what the order said, when the remand
/// was received, and the determination it set aside with the reviewer who made it. Kept on the case, one per remand.
/// </summary>
public sealed record CaseRemandRecord
{
    /// <summary>The determination generation of the review the remand starts (2 after the first remand).</summary>
    public int Generation { get; init; }

    /// <summary>The date of the WCAB's order.</summary>
    public DateOnly OrderDate { get; init; }

    /// <summary>The order's reference.</summary>
    public string OrderReference { get; init; } = "";

    /// <summary>When the remand was received: the review period of the new review counts from it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The reviewer whose determination was reversed; never assigned the case again.</summary>
    public string? SetAsideReviewerId { get; init; }

    /// <summary>The reversed determination, as it was issued (its letter stays stored under its generation).</summary>
    public DeterminationSummary? SetAside { get; init; }
}

/// <summary>
/// The remand of a reversed determination (LC § 4610.6(i)): "the dispute shall be remanded to the administrative director
/// who shall submit the dispute to independent medical review by a different independent review organization", and when
/// none is available, to the original organization "for review by a different reviewer in the organization". This
/// organization receives the second case: the dispute is reviewed again, by a reviewer who never had the case.
/// </summary>
public static class CaseRemand
{
    /// <summary>The longest order reference accepted.</summary>
    public const int MaxOrderReferenceLength = 100;

    /// <summary>The state a remanded case takes: open again, waiting for a different reviewer.</summary>
    public const CaseState StateAfterRemand = CaseState.Unassigned;

    /// <summary>
    /// Whether a case in state <paramref name="from"/> may move to <paramref name="to"/> by a remand: only a Determined
    /// case, and only back to <see cref="StateAfterRemand"/>. Every other closed state stays closed.
    /// </summary>
    public static bool Reopens(CaseState from, CaseState to) => from == CaseState.Determined && to == StateAfterRemand;

    /// <summary>
    /// Every problem of a remand order, each naming its field: the order date is required, not after
    /// <paramref name="today"/> (California), and not before <paramref name="mailedOn"/>, the mailing of the determination
    /// it reverses (the appeal runs from that mailing, LC § 4610.6(h)); the reference is required, one line.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Problems(RemandOrder order, DateOnly today, DateOnly? mailedOn)
    {
        ArgumentNullException.ThrowIfNull(order);
        var problems = new List<ValidationProblem>();
        if (order.OrderDate is not { } date)
        {
            problems.Add(new("$.orderDate", "The date of the WCAB's order is required (yyyy-MM-dd)."));
        }
        else if (date > today)
        {
            problems.Add(new("$.orderDate", Invariant($"The order date ({date:yyyy-MM-dd}) is in the future (today is {today:yyyy-MM-dd}, California).")));
        }
        else if (mailedOn is { } mailed && date < mailed)
        {
            problems.Add(new("$.orderDate", Invariant($"The order date ({date:yyyy-MM-dd}) is before the determination it reverses was mailed ({mailed:yyyy-MM-dd}; LC § 4610.6(h)).")));
        }

        if (string.IsNullOrWhiteSpace(order.OrderReference))
        {
            problems.Add(new("$.orderReference", "The order's reference (the WCAB case number or the order number) is required."));
        }
        else if (order.OrderReference.Trim().Length > MaxOrderReferenceLength)
        {
            problems.Add(new("$.orderReference", Invariant($"At most {MaxOrderReferenceLength} characters.")));
        }
        else if (FreeText.SingleLineProblem(order.OrderReference) is { } why)
        {
            problems.Add(new("$.orderReference", why));
        }

        return problems;
    }

    /// <summary>The determination generation of the review the case is in: 1 for the first, one more after each remand.</summary>
    public static int CurrentGeneration(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Remands.Count + 1;
    }

    /// <summary>The newest determination generation issued (0 when none): the letter <c>GET /cases/{n}/determination</c> serves.</summary>
    public static int LatestIssuedGeneration(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Determination is null ? @case.Remands.Count : @case.Remands.Count + 1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
