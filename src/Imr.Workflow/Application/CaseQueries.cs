using System.Globalization;
using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>Reads cases, their audit trail and their determination letter; never changes anything.</summary>
public sealed class CaseQueries(ICaseIndex index, IAuditTrail audit, IDeterminationStore letters, TimeProvider time)
{
    /// <summary>The <c>state</c> filter that lists the cases the escalation sweep found stuck (<see cref="Case.Stuck"/>).</summary>
    public const string StuckState = "Stuck";

    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    private static readonly string[] ListParameters = ["state", "dueBefore", "pageSize", "continuationToken"];

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// A case, or 404; 403 when <paramref name="assignedTo"/> names a reviewer (a caller who sees only the cases assigned to
    /// them) and the case is not currently assigned to that reviewer.
    /// </summary>
    public async Task<Outcome<CaseView>> GetAsync(string caseNumber, string? assignedTo = null, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<CaseView>();
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        return found is null ? Outcome<CaseView>.NotFound($"Case {number}")
            : !IsVisibleTo(found.Case, assignedTo) ? NotAssigned<CaseView>(number)
            : Outcome<CaseView>.Success(CaseView.From(found.Case, time.GetUtcNow()));
    }

    /// <summary>
    /// Lists cases by state and deadline, one page at a time. Query values arrive as text and are checked here: null means
    /// the parameter is absent; an empty value is refused, as is an unknown parameter name in <paramref name="parameterNames"/>.
    /// With <paramref name="assignedTo"/>, only the cases currently assigned to that reviewer are listed.
    /// </summary>
    public async Task<Outcome<CaseListView>> ListAsync(
        string? state,
        string? dueBefore,
        string? pageSize,
        string? continuationToken,
        IEnumerable<string>? parameterNames = null,
        string? assignedTo = null,
        CancellationToken cancellationToken = default)
    {
        var problems = new List<ValidationProblem>();
        foreach (var name in parameterNames ?? [])
        {
            if (!ListParameters.Contains(name))
            {
                problems.Add(new(Excerpt(name), $"Unknown query parameter; this route reads {string.Join(", ", ListParameters)}."));
            }
        }

        CaseState? wantedState = null;
        var stuck = false;
        if (state is not null)
        {
            if (string.Equals(state, StuckState, StringComparison.OrdinalIgnoreCase))
            {
                // Not a lifecycle state: a stuck case keeps its own (the row's), and this lists it whatever that is.
                stuck = true;
            }
            else if (StrictEnum.TryParse<CaseState>(state, out var parsed))
            {
                wantedState = parsed;
            }
            else
            {
                problems.Add(new("state", state.Length == 0
                    ? "Empty; leave the parameter out to list cases in every state."
                    : $"Unknown state; expected one of {string.Join(", ", Enum.GetNames<CaseState>())} or {StuckState}."));
            }
        }

        DateTimeOffset? before = null;
        if (dueBefore is not null)
        {
            if (DateTimeOffset.TryParseExact(dueBefore, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                before = parsed;
            }
            else
            {
                problems.Add(new("dueBefore", "Expected an ISO 8601 date or date-time, e.g. 2026-12-01 or 2026-12-01T00:00:00Z."));
            }
        }

        var size = 50;
        if (pageSize is not null
            && (pageSize.Length is 0 or > 4 || !pageSize.All(char.IsAsciiDigit)
                || !int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            problems.Add(new("pageSize", $"Expected a whole number from 1 to {MaxPageSize}."));
        }

        if (problems.Count > 0)
        {
            return Outcome<CaseListView>.Invalid(problems);
        }

        string? storageToken = null;
        if (continuationToken is not null)
        {
            if (!CaseListToken.TryRead(continuationToken, stuck ? StuckState : wantedState?.ToString(), before, out var read))
            {
                return Outcome<CaseListView>.Invalid([new ValidationProblem(
                    "continuationToken",
                    "Not a token from an earlier page of this listing (same state and dueBefore); start without one.")]);
            }

            storageToken = read;
        }

        CasePage page;
        try
        {
            page = await index.ListAsync(
                new CaseQuery { State = wantedState, Stuck = stuck, DueBefore = before, ReviewerId = assignedTo, PageSize = size, ContinuationToken = storageToken },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // The index refuses a continuation token it did not issue.
            return Outcome<CaseListView>.Invalid([new ValidationProblem("continuationToken", "Not a token from an earlier page; start without one.")]);
        }

        var next = page.ContinuationToken is { } token ? CaseListToken.Issue(token, stuck ? StuckState : wantedState?.ToString(), before) : null;
        return Outcome<CaseListView>.Success(new CaseListView(page.Cases.Select(c => CaseView.From(c, time.GetUtcNow())).ToList(), next));
    }

    /// <summary>The case's audit trail, oldest first; 404 when there is no such case; 403 as <see cref="GetAsync"/>.</summary>
    public async Task<Outcome<IReadOnlyList<AuditEntry>>> AuditAsync(string caseNumber, string? assignedTo = null, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<IReadOnlyList<AuditEntry>>();
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return Outcome<IReadOnlyList<AuditEntry>>.NotFound($"Case {number}");
        }

        if (!IsVisibleTo(found.Case, assignedTo))
        {
            return NotAssigned<IReadOnlyList<AuditEntry>>(number);
        }

        return Outcome<IReadOnlyList<AuditEntry>>.Success(await audit.ReadAsync(number, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The Final Determination letter in the asked format; 404 until it is issued; 403 as <see cref="GetAsync"/>. Without
    /// <paramref name="generation"/>, the newest letter issued (after a remand, the reversed one until the new review is
    /// determined; LC § 4610.6(i)); with it, that generation's letter (1 for the first determination), 404 when not issued.
    /// </summary>
    public async Task<Outcome<StoredContent>> DeterminationAsync(
        string caseNumber, LetterFormat format, string? assignedTo = null, string? generation = null, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<StoredContent>();
        }

        int? asked = null;
        if (generation is not null)
        {
            if (!int.TryParse(generation, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var g) || g < 1)
            {
                return Outcome<StoredContent>.Invalid([new ValidationProblem("generation", $"'{Excerpt(generation)}' is not a determination generation: 1 for the first determination, 2 after the first remand, and so on.")]);
            }

            asked = g;
        }

        // The row is read only when it is needed: for a caller limited to their own cases, or to find the newest letter.
        var latest = 1;
        if (assignedTo is not null || asked is null)
        {
            var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
            if (found is not null && !IsVisibleTo(found.Case, assignedTo))
            {
                return NotAssigned<StoredContent>(number);
            }

            latest = found is null ? 1 : Math.Max(1, CaseRemand.LatestIssuedGeneration(found.Case));
        }

        var letter = await letters.ReadAsync(number, format, asked ?? latest, cancellationToken).ConfigureAwait(false);
        return letter is null
            ? Outcome<StoredContent>.NotFound(asked is { } g2 ? $"Determination {g2} of case {number}" : $"The determination of case {number}")
            : Outcome<StoredContent>.Success(letter);
    }

    /// <summary>404 for a malformed case number too: a route segment that cannot name a case names nothing.</summary>
    internal static Outcome<T> BadCaseNumber<T>() =>
        Outcome<T>.Refused(OutcomeStatus.NotFound, "No such case.", "caseNumber", "A case number is formatted CMyy-nnnnnnn.");

    private static bool IsVisibleTo(Case @case, string? assignedTo) =>
        assignedTo is null || string.Equals(@case.ReviewerId, assignedTo, StringComparison.Ordinal);

    private static Outcome<T> NotAssigned<T>(CaseNumber number) =>
        Outcome<T>.Refused(OutcomeStatus.Forbidden, $"Case {number} is not assigned to you.", "caseNumber", "A reviewer sees only the cases currently assigned to them.");

    // A parameter name comes from the caller: keep it short in the answer.
    private static string Excerpt(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
