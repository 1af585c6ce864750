using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Domain.Reviewers;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// The reviewer registry in the <c>Reviewers</c> table. Each reviewer has a partition <c>reviewer|{id}</c> holding the
/// profile row (with the load) and one row per assignment, so recording an assignment and counting it are one
/// entity-group transaction. Specialty partitions <c>specialty|{specialty}</c> list who is certified in what.
/// </summary>
public sealed class TableReviewerRegistry : IReviewerRegistry
{
    /// <summary>How often an assignment change is retried after losing a race on the reviewer's load.</summary>
    public const int MaxAttempts = 100;

    private const string ProfileRowKey = "profile";
    private const string LoadColumn = "Load";
    private const int MaxParallelReads = 8;

    // The most profiles (and, apart, assignment rows) kept as last seen by this process.
    private const int MaxKept = 4096;

    // Azure Table refuses a $filter with more than 15 discrete comparisons.
    private const int MaxComparisonsPerFilter = 15;

    private readonly TableClient reviewers;

    // Many activities of one host record and release assignments at once, and with few reviewers they meet on the same
    // profile row: every loser re-reads and resubmits (two more billed requests) after a back-off. So this process changes
    // one reviewer's load at a time (64 stripes by reviewer id); the ETag still decides races with other processes.
    private readonly SemaphoreSlim[] loadGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    // Each profile's load and ETag as this process last read or wrote them (by reviewer partition), and the ETags of the
    // assignment rows it inserted: an assignment or a release starts from them instead of reading first. The transaction
    // stays conditional on those ETags, so a copy another process made stale is refused (412) and the rows are read: a stale
    // copy costs a refused transaction, never a wrong load. The cap bounds both (cleared when reached).
    private readonly ConcurrentDictionary<string, KeptLoad> keptLoads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ETag> keptAssignments = new(StringComparer.Ordinal);

    /// <summary>Creates the registry over the account's table service.</summary>
    public TableReviewerRegistry(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        reviewers = clients.Tables.GetTableClient(StorageNames.ReviewersTable);
    }

    /// <summary>The form specialties are matched in: trimmed, lower case, single spaces ("Pain  Management" = "pain management").</summary>
    public static string NormalizeSpecialty(string specialty)
    {
        ArgumentNullException.ThrowIfNull(specialty);
        var builder = new StringBuilder(specialty.Length);
        foreach (var word in specialty.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word.ToLowerInvariant());
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        Validate(reviewer);
        if (await ReadProfileAsync(reviewer.Id, cancellationToken) is not null)
        {
            return false;
        }

        // Index rows first: if the process stops between the two writes the reviewer is already findable, and a stray index
        // row without a profile (or with other specialties) is dropped when read.
        await UpsertSpecialtyRowsAsync(reviewer.Id, Specialties(reviewer), cancellationToken);
        var profile = ToProfile(reviewer);
        var createId = Guid.NewGuid().ToString("N");
        profile[LoadColumn] = Math.Max(0, reviewer.CurrentCaseload);
        profile["CreateId"] = createId;
        try
        {
            await reviewers.AddEntityAsync(profile, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Our own insert, retried by the SDK after a lost reply, also ends in 409; the create id tells them apart.
            return (await ReadProfileAsync(reviewer.Id, cancellationToken))?.GetString("CreateId") == createId;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        Validate(reviewer);
        keptLoads.TryRemove(ReviewerPartition(reviewer.Id), out _);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadProfileAsync(reviewer.Id, cancellationToken);
            if (current is null)
            {
                return false;
            }

            // A profile that cannot be read is being repaired: its old specialties are unknown, and an index row they left is
            // ignored when read (the profile is the truth).
            var before = ReadableSpecialties(current);
            var after = Specialties(reviewer);
            await UpsertSpecialtyRowsAsync(reviewer.Id, after.Except(before), cancellationToken);
            try
            {
                // Merge without the load column, so the load the registry counts is kept; the ETag keeps index upkeep in order.
                await reviewers.UpdateEntityAsync(ToProfile(reviewer), current.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new ConcurrencyConflictException($"Reviewer '{reviewer.Id}' kept changing; gave up after {MaxAttempts} attempts.", e);
                }

                await Task.Delay(Backoff.Jittered(attempt), cancellationToken);
                continue;
            }

            foreach (var removed in before.Except(after))
            {
                await DeleteIgnoringMissingAsync(SpecialtyPartition(removed), TableKeys.Encode(reviewer.Id), cancellationToken);
            }

            return true;
        }
    }

    /// <inheritdoc />
    public async Task<Reviewer?> GetAsync(string reviewerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewerId);
        var profile = await ReadProfileAsync(reviewerId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        KeepLoad(profile);
        return FromProfile(profile);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the wanted specialties' index partitions in one query per 15 specialties, then the candidates' profiles in one
    /// query per 14 reviewers (each query names its partitions and <c>RowKey eq 'profile'</c>), rather than a point read per
    /// reviewer: 20 candidates cost 2 requests, not 20. The profile is the truth; an index row left behind is ignored.
    /// </remarks>
    public async Task<ReviewerSearch> FindBySpecialtiesAsync(IReadOnlyCollection<string> specialties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specialties);
        var wanted = specialties.Where(s => !string.IsNullOrWhiteSpace(s)).Select(NormalizeSpecialty).ToHashSet(StringComparer.Ordinal);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Order(StringComparer.Ordinal).Chunk(MaxComparisonsPerFilter))
        {
            var filter = AnyPartition(chunk.Select(SpecialtyPartition));
            await foreach (var row in reviewers.QueryAsync<TableEntity>(filter, select: ["ReviewerId"], cancellationToken: cancellationToken))
            {
                ids.Add(row.GetString("ReviewerId"));
            }
        }

        var found = new List<Reviewer>();
        var unreadable = new List<string>();
        var profileFilter = TableClient.CreateQueryFilter($"RowKey eq {ProfileRowKey}");
        await Parallel.ForEachAsync(
            ids.Order(StringComparer.Ordinal).Chunk(MaxComparisonsPerFilter - 1),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                // The RowKey test first: a store that evaluates the filter row by row (Azurite does, over the whole table,
                // which holds a row per assignment) then drops an assignment row after one comparison instead of fifteen.
                var filter = $"{profileFilter} and ({AnyPartition(chunk.Select(ReviewerPartition))})";
                await foreach (var profile in reviewers.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                {
                    Reviewer reviewer;
                    try
                    {
                        reviewer = FromProfile(profile);
                    }
                    catch (UnreadableReviewerException e)
                    {
                        // One broken row costs one reviewer: the search goes on and says whom it left out.
                        lock (unreadable)
                        {
                            unreadable.Add(e.ReviewerId);
                        }

                        continue;
                    }

                    KeepLoad(profile);

                    // The profile is the truth; an index row left behind by an interrupted update is ignored here.
                    if (Specialties(reviewer).Overlaps(wanted))
                    {
                        lock (found)
                        {
                            found.Add(reviewer);
                        }
                    }
                }
            });
        return new ReviewerSearch(
            found.OrderBy(r => r.Id, StringComparer.Ordinal).ToList(),
            unreadable.Order(StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public Task<bool> RecordAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return OneLoadChangeAtATimeAsync(reviewerId, () => RecordAssignmentAloneAsync(reviewerId, caseNumber, attempt, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAssignmentAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return OneLoadChangeAtATimeAsync(reviewerId, () => ReleaseAssignmentAloneAsync(reviewerId, caseNumber, attempt, cancellationToken), cancellationToken);
    }

    private async Task<bool> OneLoadChangeAtATimeAsync(string reviewerId, Func<Task<bool>> change, CancellationToken cancellationToken)
    {
        var gate = LoadGate(reviewerId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim LoadGate(string reviewerId) =>
        loadGates[(int)((uint)StringComparer.Ordinal.GetHashCode(reviewerId) % (uint)loadGates.Length)];

    private async Task<bool> RecordAssignmentAloneAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken)
    {
        var partition = ReviewerPartition(reviewerId);
        var kept = TakeLoad(partition);
        for (var round = 1; ; round++)
        {
            var fromKept = kept is not null;
            var (load, etag) = kept is { } copy ? (copy.Load, copy.ETag) : await ReadLoadAsync(reviewerId, cancellationToken);
            kept = null;

            // One transaction in the reviewer's partition: the assignment row (insert, so a repeat fails with 409) and the
            // load (If-Match, so a concurrent change fails with 412). Either both happen or neither.
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, new TableEntity(partition, AssignmentRowKey(caseNumber, attempt))
                {
                    ["CaseNumber"] = caseNumber.ToString(),
                    ["Attempt"] = attempt,
                    ["Released"] = false,
                }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, ProfileRowKey) { [LoadColumn] = load + 1 }, etag),
            ];
            try
            {
                var results = await reviewers.SubmitTransactionAsync(actions, cancellationToken);
                KeepLoad(partition, load + 1, results.Value[1].Headers.ETag);
                if (results.Value[0].Headers.ETag is { } assignmentETag)
                {
                    Keep(keptAssignments, $"{partition}/{AssignmentRowKey(caseNumber, attempt)}", assignmentETag);
                }

                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                return false;
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && fromKept)
            {
                // Another process changed the profile since this one saw it: read it and try again at once.
                round--;
            }
            catch (TableTransactionFailedException e) when (e.Status == 412)
            {
                if (round >= MaxAttempts)
                {
                    throw new ConcurrencyConflictException($"Reviewer '{reviewerId}' load kept changing; gave up after {MaxAttempts} attempts.", e);
                }

                await Task.Delay(Backoff.Jittered(round), cancellationToken);
            }
        }
    }

    private async Task<bool> ReleaseAssignmentAloneAsync(string reviewerId, CaseNumber caseNumber, int attempt, CancellationToken cancellationToken)
    {
        var partition = ReviewerPartition(reviewerId);
        var assignmentKey = AssignmentRowKey(caseNumber, attempt);
        // Both rows in one request: the assignment and the profile share the reviewer's partition.
        var bothRows = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {assignmentKey} or RowKey eq {ProfileRowKey})");

        // The assignment row as this process inserted it and the profile as it last saw it: no read when neither changed.
        if (keptAssignments.TryRemove($"{partition}/{assignmentKey}", out var keptAssignment) && TakeLoad(partition) is { } keptLoad)
        {
            try
            {
                return await ReleaseAsync(partition, assignmentKey, keptAssignment, keptLoad.Load, keptLoad.ETag, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
            {
                // Released or changed elsewhere since: read both rows below.
            }
        }

        for (var round = 1; ; round++)
        {
            TableEntity? assignment = null;
            TableEntity? profile = null;
            await foreach (var row in reviewers.QueryAsync<TableEntity>(bothRows, cancellationToken: cancellationToken))
            {
                if (row.RowKey == ProfileRowKey)
                {
                    profile = row;
                }
                else
                {
                    assignment = row;
                }
            }

            if (assignment is null || assignment.GetBoolean("Released") == true)
            {
                return false;
            }

            if (profile is null)
            {
                throw new KeyNotFoundException($"Reviewer '{reviewerId}' is not in the registry.");
            }

            try
            {
                return await ReleaseAsync(partition, assignmentKey, assignment.ETag, profile.GetInt32(LoadColumn) ?? 0, profile.ETag, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412)
            {
                if (round >= MaxAttempts)
                {
                    throw new ConcurrencyConflictException($"Reviewer '{reviewerId}' load kept changing; gave up after {MaxAttempts} attempts.", e);
                }

                await Task.Delay(Backoff.Jittered(round), cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>One query over the reviewer partitions' profile rows (assignment and specialty rows are not read back).</remarks>
    public async Task<ReviewerSearch> ListAsync(CancellationToken cancellationToken = default)
    {
        var found = new List<Reviewer>();
        var unreadable = new List<string>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ProfileRowKey} and PartitionKey ge {"reviewer|"} and PartitionKey lt {"reviewer}"}");
        await foreach (var profile in reviewers.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            try
            {
                found.Add(FromProfile(profile));
            }
            catch (UnreadableReviewerException e)
            {
                unreadable.Add(e.ReviewerId);
            }
        }

        return new ReviewerSearch(found.OrderBy(r => r.Id, StringComparer.Ordinal).ToList(), unreadable.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The assignments recorded for a reviewer (case, attempt, released), read from the reviewer's partition.</summary>
    public async Task<IReadOnlyList<(CaseNumber CaseNumber, int Attempt, bool Released)>> ListAssignmentsAsync(string reviewerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewerId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReviewerPartition(reviewerId)} and RowKey gt {"assignment|"} and RowKey lt {"assignment}"}");
        var list = new List<(CaseNumber, int, bool)>();
        await foreach (var row in reviewers.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add((CaseNumber.Parse(row.GetString("CaseNumber")), row.GetInt32("Attempt") ?? 0, row.GetBoolean("Released") ?? false));
        }

        return list;
    }

    private static void Validate(Reviewer reviewer)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (string.IsNullOrWhiteSpace(reviewer.Id))
        {
            throw new ArgumentException("Reviewer.Id is empty.", nameof(reviewer));
        }
    }

    private static string AnyPartition(IEnumerable<string> partitionKeys) =>
        string.Join(" or ", partitionKeys.Select(key => TableClient.CreateQueryFilter($"PartitionKey eq {key}")));

    private static string ReviewerPartition(string reviewerId) => "reviewer|" + TableKeys.Encode(reviewerId);

    private static string SpecialtyPartition(string normalizedSpecialty) => "specialty|" + TableKeys.Encode(normalizedSpecialty);

    private static string AssignmentRowKey(CaseNumber caseNumber, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"assignment|{caseNumber}|{attempt:D4}");

    private static HashSet<string> ReadableSpecialties(TableEntity profile)
    {
        try
        {
            return Specialties(FromProfile(profile));
        }
        catch (UnreadableReviewerException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    // A non-physician licensee is found under the license's own specialty, as eligibility qualifies them (LC § 139.5).
    private static HashSet<string> Specialties(Reviewer reviewer) =>
        reviewer.Certifications.Select(c => c.Specialty)
            .Concat(reviewer.Licenses.Select(l => l.Type.Specialty()).OfType<string>())
            .Select(NormalizeSpecialty).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);

    private static TableEntity ToProfile(Reviewer reviewer) => new(ReviewerPartition(reviewer.Id), ProfileRowKey)
    {
        ["Id"] = reviewer.Id,
        ["Name"] = reviewer.Name,
        ["Licenses"] = StorageJson.Serialize(reviewer.Licenses),
        ["Certifications"] = StorageJson.Serialize(reviewer.Certifications),

        // Tables have no decimal type; the invariant text keeps the exact value.
        ["YearsInActivePractice"] = reviewer.YearsInActivePractice.ToString(CultureInfo.InvariantCulture),
        ["ClinicalHoursPerWeek"] = reviewer.ClinicalHoursPerWeek.ToString(CultureInfo.InvariantCulture),
        ["Affiliations"] = StorageJson.Serialize(reviewer.Affiliations),
        ["Capacity"] = reviewer.Capacity,
        ["Status"] = reviewer.Status.ToString(),
    };

    /// <summary>
    /// Reads a profile row back into a reviewer, checked as a submitted profile is. A column that cannot be read (JSON null,
    /// not JSON, a null element, an unknown status) makes the whole row unreadable, named by reviewer and field.
    /// </summary>
    private static Reviewer FromProfile(TableEntity profile)
    {
        var id = Column(profile, "$.id", () => profile.GetString("Id")) ?? profile.PartitionKey;
        var reviewer = Column(profile, "$", () => new Reviewer
        {
            Id = id,
            Name = Column(profile, "$.name", () => profile.GetString("Name") ?? ""),
            Licenses = Column(profile, "$.licenses", () => StorageJson.Deserialize<List<License>>(profile.GetString("Licenses") ?? "[]", "Licenses")),
            Certifications = Column(profile, "$.certifications", () => StorageJson.Deserialize<List<BoardCertification>>(profile.GetString("Certifications") ?? "[]", "Certifications")),
            YearsInActivePractice = Column(profile, "$.yearsInActivePractice", () => decimal.Parse(profile.GetString("YearsInActivePractice") ?? "0", CultureInfo.InvariantCulture)),
            ClinicalHoursPerWeek = Column(profile, "$.clinicalHoursPerWeek", () => decimal.Parse(profile.GetString("ClinicalHoursPerWeek") ?? "0", CultureInfo.InvariantCulture)),
            Affiliations = Column(profile, "$.affiliations", () => StorageJson.Deserialize<List<Affiliation>>(profile.GetString("Affiliations") ?? "[]", "Affiliations")),
            Capacity = Column(profile, "$.capacity", () => profile.GetInt32("Capacity") ?? 0),
            Status = Column(profile, "$.status", () => StrictEnum.Parse<ReviewerStatus>(profile.GetString("Status") ?? nameof(ReviewerStatus.Active))),
            CurrentCaseload = Column(profile, "$.currentCaseload", () => profile.GetInt32(LoadColumn) ?? 0),
        });

        // JSON that reads but holds a null element ("[null]") or a null field would fail eligibility later; refuse it here.
        // The id is the registry's key, which takes more than the API's id rule.
        if (ReviewerProfileValidator.Validate(reviewer).Where(p => p.Path != "$.id").ToList() is [var first, ..])
        {
            throw new UnreadableReviewerException(id, first.Path, first.Reason);
        }

        return reviewer;
    }

    private static T Column<T>(TableEntity profile, string field, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            // The reason names the kind of fault, never the stored content (a profile is not clinical, but stays out of logs all the same).
            var reason = e switch
            {
                InvalidDataException => "the stored value is JSON null or not a known name",
                JsonException => "the stored value is not JSON of the profile's shape",
                InvalidOperationException => "the stored column has the wrong type",
                _ => "the stored value is not in the expected format",
            };
            throw new UnreadableReviewerException(profile.GetString("Id") is { } id && id.Length > 0 ? id : profile.PartitionKey, field, reason, e);
        }
    }

    /// <summary>Marks the assignment released and takes one off the load, in one transaction under both rows' ETags.</summary>
    private async Task<bool> ReleaseAsync(string partition, string assignmentKey, ETag assignmentETag, int load, ETag profileETag, CancellationToken cancellationToken)
    {
        var next = Math.Max(0, load - 1);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, assignmentKey) { ["Released"] = true }, assignmentETag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, ProfileRowKey) { [LoadColumn] = next }, profileETag),
        ];
        var results = await reviewers.SubmitTransactionAsync(actions, cancellationToken);
        KeepLoad(partition, next, results.Value[1].Headers.ETag);
        return true;
    }

    private async Task<(int Load, ETag ETag)> ReadLoadAsync(string reviewerId, CancellationToken cancellationToken)
    {
        var profile = await ReadProfileAsync(reviewerId, cancellationToken)
            ?? throw new KeyNotFoundException($"Reviewer '{reviewerId}' is not in the registry.");
        return (profile.GetInt32(LoadColumn) ?? 0, profile.ETag);
    }

    private void KeepLoad(TableEntity profile) => KeepLoad(profile.PartitionKey, profile.GetInt32(LoadColumn) ?? 0, profile.ETag);

    private void KeepLoad(string partition, int load, ETag? etag)
    {
        if (etag is { } known && known != default)
        {
            Keep(keptLoads, partition, new KeptLoad(load, known));
        }
        else
        {
            keptLoads.TryRemove(partition, out _);
        }
    }

    private KeptLoad? TakeLoad(string partition) => keptLoads.TryRemove(partition, out var kept) ? kept : null;

    private static void Keep<T>(ConcurrentDictionary<string, T> kept, string key, T value)
    {
        if (!kept.ContainsKey(key) && kept.Count >= MaxKept)
        {
            kept.Clear();
        }

        kept[key] = value;
    }

    private async Task<TableEntity?> ReadProfileAsync(string reviewerId, CancellationToken cancellationToken)
    {
        var response = await reviewers.GetEntityIfExistsAsync<TableEntity>(ReviewerPartition(reviewerId), ProfileRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task UpsertSpecialtyRowsAsync(string reviewerId, IEnumerable<string> specialties, CancellationToken cancellationToken)
    {
        foreach (var specialty in specialties)
        {
            await reviewers.UpsertEntityAsync(
                new TableEntity(SpecialtyPartition(specialty), TableKeys.Encode(reviewerId)) { ["ReviewerId"] = reviewerId, ["Specialty"] = specialty },
                TableUpdateMode.Replace,
                cancellationToken);
        }
    }

    private async Task DeleteIgnoringMissingAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await reviewers.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }
}

/// <summary>A profile's load and the ETag it was seen with.</summary>
internal sealed record KeptLoad(int Load, ETag ETag);
