using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>Reads cases, their audit trail and their determination letter; never changes anything.</summary>
public sealed class CaseQueries(ICaseIndex index, IAuditTrail audit, IDeterminationStore letters)
{
    /// <summary>The <c>state</c> filter that lists the cases the escalation sweep found stuck (<see cref="Case.Stuck"/>).</summary>
    public const string StuckState = "Stuck";

    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>A case, or 404.</summary>
    public async Task<Outcome<CaseView>> GetAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<CaseView>();
        }

        var found = await index.GetAsync(number, cancellationToken).ConfigureAwait(false);
        return found is null ? Outcome<CaseView>.NotFound($"Case {number}") : Outcome<CaseView>.Success(CaseView.From(found.Case));
    }

    /// <summary>Lists cases by state and deadline, one page at a time. Query values arrive as text and are checked here.</summary>
    public async Task<Outcome<CaseListView>> ListAsync(
        string? state, string? dueBefore, string? pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var problems = new List<InputProblem>();
        CaseState? wantedState = null;
        var stuck = false;
        if (!string.IsNullOrEmpty(state))
        {
            if (string.Equals(state, StuckState, StringComparison.OrdinalIgnoreCase))
            {
                // Not a lifecycle state: a stuck case keeps its own (the row's), and this lists it whatever that is.
                stuck = true;
            }
            else if (Enum.TryParse<CaseState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _))
            {
                wantedState = parsed;
            }
            else
            {
                problems.Add(new("state", $"Unknown state; expected one of {string.Join(", ", Enum.GetNames<CaseState>())} or {StuckState}."));
            }
        }

        DateTimeOffset? before = null;
        if (!string.IsNullOrEmpty(dueBefore))
        {
            if (DateTimeOffset.TryParse(dueBefore, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                before = parsed;
            }
            else
            {
                problems.Add(new("dueBefore", "Expected an ISO 8601 date or date-time, e.g. 2026-12-01T00:00:00Z."));
            }
        }

        var size = 50;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, out size) || size is < 1 or > MaxPageSize))
        {
            problems.Add(new("pageSize", $"Expected a whole number from 1 to {MaxPageSize}."));
        }

        if (problems.Count > 0)
        {
            return Outcome<CaseListView>.Invalid(problems);
        }

        CasePage page;
        try
        {
            page = await index.ListAsync(
                new CaseQuery { State = wantedState, Stuck = stuck, DueBefore = before, PageSize = size, ContinuationToken = continuationToken },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // The index refuses a continuation token it did not issue.
            return Outcome<CaseListView>.Invalid([new InputProblem("continuationToken", "Not a token from an earlier page; start without one.")]);
        }

        return Outcome<CaseListView>.Success(new CaseListView(page.Cases.Select(CaseView.From).ToList(), page.ContinuationToken));
    }

    /// <summary>The case's audit trail, oldest first; 404 when there is no such case.</summary>
    public async Task<Outcome<IReadOnlyList<AuditEntry>>> AuditAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<IReadOnlyList<AuditEntry>>();
        }

        if (await index.GetAsync(number, cancellationToken).ConfigureAwait(false) is null)
        {
            return Outcome<IReadOnlyList<AuditEntry>>.NotFound($"Case {number}");
        }

        return Outcome<IReadOnlyList<AuditEntry>>.Success(await audit.ReadAsync(number, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The Final Determination letter in the asked format; 404 until it is issued.</summary>
    public async Task<Outcome<StoredContent>> DeterminationAsync(string caseNumber, LetterFormat format, CancellationToken cancellationToken = default)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return BadCaseNumber<StoredContent>();
        }

        var letter = await letters.ReadAsync(number, format, cancellationToken).ConfigureAwait(false);
        return letter is null
            ? Outcome<StoredContent>.NotFound($"The determination of case {number}")
            : Outcome<StoredContent>.Success(letter);
    }

    /// <summary>404 for a malformed case number too: a route segment that cannot name a case names nothing.</summary>
    internal static Outcome<T> BadCaseNumber<T>() =>
        Outcome<T>.Refused(OutcomeStatus.NotFound, "No such case.", "caseNumber", "A case number is formatted CMyy-nnnnnnn.");
}
