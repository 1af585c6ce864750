using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// The case index (<c>Cases</c>, one row per case, PartitionKey = case number) and the deadline index (<c>Deadlines</c>,
/// PartitionKey = due month, RowKey = due instant|case|deadline) that the escalation timer reads.
/// Every write of a case row is conditional on its ETag; the deadline entries follow the row (see docs/storage.md).
/// </summary>
public sealed class TableCaseIndex : ICaseIndex
{
    /// <summary>How often <see cref="UpdateAsync(CaseNumber, Func{Case, Case?}, CancellationToken)"/> re-reads and retries after losing a race before giving up.</summary>
    public const int MaxUpdateAttempts = 10;

    /// <summary>The most rows kept as last written by this process (see <see cref="UpdateAsync(CaseNumber, Func{Case, Case?}, CancellationToken)"/>).</summary>
    public const int MaxRowsKept = 4096;

    /// <summary>A row longer than this (in characters of its text columns) is not kept: 4096 of them stay under about 130 MB.</summary>
    public const int MaxCharactersKept = 16_000;

    // Each write stamps the row with a fresh id, so a writer can recognise its own write behind a 412 or 409.
    private const string WriteIdColumn = "WriteId";
    private const string NearRaisedColumn = "NearRaised";

    private static readonly HashSet<CaseState> ClosedStates =
        [CaseState.Determined, CaseState.Terminated, CaseState.Rejected, CaseState.Ineligible, CaseState.Consolidated];

    private static readonly CaseState[] OpenStates =
        [CaseState.Received, CaseState.Unassigned, CaseState.AwaitingRecords, CaseState.UnderReview];

    private readonly TableClient cases;
    private readonly TableClient deadlines;

    // The rows this process last wrote, with their ETags: the next change to an open case starts from its row as written
    // here instead of reading it back (the workflow's steps of a case mostly run in the process that wrote the previous one).
    // The write stays conditional on the ETag, so a row someone else changed since is refused (412) and read afresh: a
    // stale copy costs a refused write, never a lost change. Closed cases are not kept; the cap bounds the rest.
    private readonly ConcurrentDictionary<CaseNumber, KeptRow> written = new();
    private int writtenCount;

    /// <summary>Creates the index over the account's table service.</summary>
    public TableCaseIndex(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        cases = clients.Tables.GetTableClient(StorageNames.CasesTable);
        deadlines = clients.Tables.GetTableClient(StorageNames.DeadlinesTable);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(Case @case, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var entries = DueEntries(@case);
        var entity = CaseEntity.ToEntity(@case, entries.Select(e => ListedKey(e.PartitionKey, e.RowKey)).ToList());
        var writeId = StampWriteId(entity);
        ETag? etag;
        try
        {
            var response = await cases.AddEntityAsync(entity, cancellationToken);
            etag = response.Headers.ETag;
            Keep(entity, etag);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A 409 after the SDK retried an insert whose reply was lost is our own row, not someone else's.
            var existing = await ReadEntityAsync(@case.CaseNumber, cancellationToken);
            if (existing?.GetString(WriteIdColumn) != writeId)
            {
                return false;
            }

            etag = existing.ETag;
            Keep(existing, etag);
        }

        await UpsertEntriesAsync(entries, cancellationToken);
        Keep(entity, etag, entriesWritten: true);
        return true;
    }

    /// <inheritdoc />
    public async Task<VersionedCase?> GetAsync(CaseNumber caseNumber, CancellationToken cancellationToken = default)
    {
        var entity = await ReadEntityAsync(caseNumber, cancellationToken);
        return entity is null ? null : new VersionedCase(CaseEntity.FromEntity(entity), entity.ETag.ToString());
    }

    /// <inheritdoc />
    public async Task<VersionedCase> ReplaceAsync(Case @case, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);

        // The row as it is now tells which deadline entries to retire. The write is conditional on the caller's ETag, so the
        // service refuses it (412) unless the row is still the version the caller read, which is then the one read here.
        var current = await ReadEntityAsync(@case.CaseNumber, cancellationToken)
            ?? throw new KeyNotFoundException($"Case {@case.CaseNumber} does not exist.");
        return await WriteAsync(current, new ETag(etag), @case, audit: null, entriesWritten: false, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><paramref name="change"/> may run more than once (once per lost race), so it must not have side effects.</remarks>
    public Task<Case> UpdateAsync(CaseNumber caseNumber, Func<Case, Case?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WriteChangeAsync(caseNumber, created: null, change, audit: null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The entry is a row of the case's partition (<see cref="AuditRow"/>), so it goes in one entity-group transaction with
    /// the row write: one request for both. An entry already there (an earlier try of the step appended it) fails the
    /// transaction with 409; the row is then written alone.
    /// </remarks>
    public Task<Case> UpdateAsync(CaseNumber caseNumber, Func<Case, Case?> change, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.CaseNumber != caseNumber)
        {
            throw new ArgumentException($"The audit entry is for case {audit.CaseNumber}, not {caseNumber}.", nameof(audit));
        }

        return WriteChangeAsync(caseNumber, created: null, change, AuditRow.ToEntity(audit), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads first: the row usually exists (submission creates it before the workflow changes it), so that costs one read
    /// and one conditional write, where trying the insert first costs a refused insert and a read on top of them.
    /// </remarks>
    public Task<Case> UpsertAsync(Case created, Func<Case, Case?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(change);
        return WriteChangeAsync(created.CaseNumber, created, change, audit: null, cancellationToken);
    }

    private async Task<Case> WriteChangeAsync(CaseNumber caseNumber, Case? created, Func<Case, Case?> change, TableEntity? audit, CancellationToken cancellationToken)
    {
        // The row as this process last wrote it, if it did: tried once, and only for a change that writes (a change that
        // finds nothing to do must see the row as it is now, not as it was).
        var kept = Take(caseNumber);
        for (var attempt = 1; ; attempt++)
        {
            var current = kept?.Entity ?? await ReadEntityAsync(caseNumber, cancellationToken);
            var fromKept = kept is not null;
            var entriesWritten = kept?.EntriesWritten ?? false;
            kept = null;
            if (current is null)
            {
                if (created is null)
                {
                    throw new KeyNotFoundException($"Case {caseNumber} does not exist.");
                }

                if (await TryCreateAsync(created, cancellationToken))
                {
                    return created;
                }

                // Created by someone else since the read: change theirs, as a lost race.
                if (attempt >= MaxUpdateAttempts)
                {
                    throw new ConcurrencyConflictException($"Case {caseNumber} kept changing; gave up after {MaxUpdateAttempts} attempts.");
                }

                continue;
            }

            var before = CaseEntity.FromEntity(current);
            var after = change(before);
            if (after is null)
            {
                if (fromKept)
                {
                    attempt--;
                    continue;
                }

                // Nothing to write; the row as just read is still the best start for this process's next change.
                Keep(current, current.ETag);
                if (audit is not null)
                {
                    await AppendAuditAsync(audit, cancellationToken);
                }

                return before;
            }

            if (after.CaseNumber != caseNumber)
            {
                throw new InvalidOperationException($"A change to case {caseNumber} may not change its case number (to {after.CaseNumber}).");
            }

            try
            {
                return (await WriteAsync(current, current.ETag, after, audit, entriesWritten, cancellationToken)).Case;
            }
            catch (Exception e) when (fromKept && e is ConcurrencyConflictException or RequestFailedException { Status: 404 })
            {
                // Someone else wrote (or removed) the row since this process did: read it and apply the change to that, at once.
                attempt--;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxUpdateAttempts)
            {
                await Task.Delay(Backoff.Jittered(attempt), cancellationToken);
            }
            catch (ConcurrencyConflictException e)
            {
                throw new ConcurrencyConflictException(
                    $"Case {caseNumber} kept changing; gave up after {MaxUpdateAttempts} attempts.", e);
            }
        }
    }

    /// <inheritdoc />
    public async Task<CasePage> ListAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "CaseQuery.PageSize must be between 1 and 1000.");
        }

        // The case rows only: a case's audit rows share its partition, with RowKeys after every case number.
        var filters = new List<string> { TableClient.CreateQueryFilter($"RowKey lt {AuditRow.Prefix}") };
        if (query.State is { } state)
        {
            filters.Add(TableClient.CreateQueryFilter($"State eq {state.ToString()}"));
        }

        if (query.Stuck)
        {
            filters.Add("StuckReason gt ''");
        }

        if (query.ReviewerId is { } reviewerId)
        {
            filters.Add(TableClient.CreateQueryFilter($"ReviewerId eq {reviewerId}"));
        }

        if (query.DueBefore is { } dueBefore)
        {
            var anyDue = CaseEntity.DeadlineNames.Select(name => $"{name} lt {ODataDateTime(dueBefore)}");
            filters.Add("(" + string.Join(" or ", anyDue) + ")");
        }

        var pages = cases.QueryAsync<TableEntity>(string.Join(" and ", filters), query.PageSize, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        try
        {
            await foreach (var page in pages)
            {
                return new CasePage(page.Values.Select(CaseEntity.FromEntity).ToList(), page.ContinuationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            // The token comes back from clients; one the service cannot read is the caller's error, not ours.
            throw new ArgumentException("CaseQuery.ContinuationToken is not a token this service issued.", nameof(query), e);
        }

        return new CasePage([], null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Case>> FindOpenAsync(CancellationToken cancellationToken = default)
    {
        var open = string.Join(" or ", OpenStates.Select(state => TableClient.CreateQueryFilter($"State eq {state.ToString()}")));
        var found = new List<Case>();
        await foreach (var entity in cases.QueryAsync<TableEntity>(open, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            found.Add(CaseEntity.FromEntity(entity));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DueCase>> FindDueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
    {
        // Every entry in an earlier month's partition is due, so one key-range query reads exactly those; in the month of
        // dueBefore a RowKey range (the instant comes first in the key) stops at dueBefore. No row that is not due is read.
        var bucket = Bucket(dueBefore);
        var earlierMonths = TableClient.CreateQueryFilter($"PartitionKey lt {bucket}");
        var sameMonth = TableClient.CreateQueryFilter($"PartitionKey eq {bucket} and RowKey lt {Ticks(dueBefore)}");

        var due = new List<DueCase>();
        foreach (var filter in new[] { earlierMonths, sameMonth })
        {
            await foreach (var entity in deadlines.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var dueAt = entity.GetDateTimeOffset("DueAt") ?? throw new InvalidDataException($"Deadline entry {entity.RowKey} has no DueAt.");
                due.Add(new DueCase(
                    CaseNumber.Parse(entity.GetString("CaseNumber")),
                    entity.GetString("Deadline"),
                    dueAt,
                    entity.GetInt32("EscalationLevel") ?? 0)
                {
                    NearRaised = entity.GetBoolean(NearRaisedColumn) ?? false,
                });
            }
        }

        return due.OrderBy(d => d.DueAt).ThenBy(d => d.CaseNumber.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> DropIfStaleAsync(DueCase entry, Case current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(current);
        if (entry.CaseNumber != current.CaseNumber)
        {
            throw new ArgumentException($"The entry is for case {entry.CaseNumber}, not {current.CaseNumber}.", nameof(current));
        }

        var rowKey = EntryRowKey(entry.DueAt, entry.CaseNumber, entry.Deadline);
        if (DueEntries(current).Any(e => e.RowKey == rowKey))
        {
            return false;
        }

        await DeleteEntryAsync(Bucket(entry.DueAt), rowKey, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task MarkNearRaisedAsync(DueCase entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var note = new TableEntity(Bucket(entry.DueAt), EntryRowKey(entry.DueAt, entry.CaseNumber, entry.Deadline)) { [NearRaisedColumn] = true };
        try
        {
            // Merge, not upsert: an entry retired since the sweep read it must not come back as a note alone.
            await deadlines.UpdateEntityAsync(note, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Retired meanwhile (the case moved on): nothing to note.
        }
    }

    /// <summary>The deadline-index partition (<c>m</c> and the UTC month, <c>myyyyMM</c>) an instant falls in.</summary>
    internal static string Bucket(DateTimeOffset at) => "m" + at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>A deadline entry's RowKey: the instant first, so a RowKey range within a month stops at an instant.</summary>
    private static string EntryRowKey(DateTimeOffset dueAt, CaseNumber caseNumber, string deadline) => $"{Ticks(dueAt)}|{caseNumber}|{deadline}";

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string ODataDateTime(DateTimeOffset at) =>
        "datetime'" + at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'";

    /// <summary>How a case row lists an entry: <c>{partition}/{rowKey}</c> (a RowKey holds no '/').</summary>
    private static string ListedKey(string partitionKey, string rowKey) => $"{partitionKey}/{rowKey}";

    /// <summary>The entry a case row lists (see <see cref="ListedKey"/>).</summary>
    private static (string PartitionKey, string RowKey) FromListedKey(string listed)
    {
        var slash = listed.IndexOf('/', StringComparison.Ordinal);
        return (listed[..slash], listed[(slash + 1)..]);
    }

    private static List<DueEntry> DueEntries(Case @case)
    {
        if (ClosedStates.Contains(@case.State))
        {
            return [];
        }

        // A met deadline is not due: once the records are in, the records deadlines stay on the row (for the record) but
        // leave the index, so the timer never escalates a case under review for records it already has.
        return CaseEntity.Deadlines(@case.Deadlines)
            .Where(d => d.Due is not null)
            .Where(d => @case.RecordsReceivedAt is null || !CaseEntity.IsRecordsDeadline(d.Name))
            .Select(d => new DueEntry(
                Bucket(d.Due!.Value),
                EntryRowKey(d.Due.Value, @case.CaseNumber, d.Name),
                @case.CaseNumber,
                d.Name,
                d.Due.Value,
                @case.EscalationLevel))
            .ToList();
    }

    private async Task<TableEntity?> ReadEntityAsync(CaseNumber caseNumber, CancellationToken cancellationToken)
    {
        var response = await cases.GetEntityIfExistsAsync<TableEntity>(caseNumber.ToString(), CaseEntity.RowKeyOf(caseNumber), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    // entriesWritten: this process wrote current's deadline entries after writing it (a kept row), so entries that stay the
    // same, at the same escalation level, need not be written again.
    private async Task<VersionedCase> WriteAsync(TableEntity current, ETag ifMatch, Case next, TableEntity? audit, bool entriesWritten, CancellationToken cancellationToken)
    {
        var entries = DueEntries(next);
        var newKeys = entries.Select(e => ListedKey(e.PartitionKey, e.RowKey)).ToHashSet(StringComparer.Ordinal);
        var previousKeys = CaseEntity.DeadlineKeys(current);

        // Entries this write retires are deleted after it. If the process stops first, the entry stays behind until it falls
        // due; the sweep then reads the case, finds the entry no longer backed by it, and drops it (DropIfStaleAsync).
        var toDelete = previousKeys.Where(k => !newKeys.Contains(k)).Select(FromListedKey).ToList();
        var entity = CaseEntity.ToEntity(next, newKeys.ToList());
        var writeId = StampWriteId(entity);
        ETag etag;
        try
        {
            etag = await ReplaceRowAsync(entity, ifMatch, audit, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // If the SDK retried a write whose reply was lost, the 412 is against our own write: the row carries our id.
            // Treating that as a lost race would apply the change a second time.
            var now = await ReadEntityAsync(next.CaseNumber, cancellationToken);
            if (now?.GetString(WriteIdColumn) != writeId)
            {
                throw new ConcurrencyConflictException($"Case {next.CaseNumber} changed since it was read (HTTP 412).", e);
            }

            etag = now.ETag;
        }

        Keep(entity, etag);

        // A write re-upserts all current entries (at most six), which also repairs any the last writer failed to add; only
        // entries this process wrote itself after the row it started from, and that the write leaves as they were, are
        // skipped (a write that changes nothing is not sent).
        var unchanged = entriesWritten
            && toDelete.Count == 0
            && newKeys.SetEquals(previousKeys)
            && (current.GetInt32(nameof(Case.EscalationLevel)) ?? 0) == next.EscalationLevel;
        if (!unchanged)
        {
            await WriteEntriesAsync(entries, toDelete, cancellationToken);
        }

        Keep(entity, etag, entriesWritten: true);
        return new VersionedCase(next, etag.ToString());
    }

    /// <summary>
    /// Replaces the row under <paramref name="ifMatch"/>, with the step's audit row in the same transaction when there is
    /// one. A 409 can only be the audit row (an earlier try appended it; the transaction wrote nothing), so the row is then
    /// written alone; a 412 or 404 is the row's and reaches the caller as from a plain write.
    /// </summary>
    private async Task<ETag> ReplaceRowAsync(TableEntity entity, ETag ifMatch, TableEntity? audit, CancellationToken cancellationToken)
    {
        if (audit is not null)
        {
            try
            {
                var results = await cases.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, ifMatch), new TableTransactionAction(TableTransactionActionType.Add, audit)],
                    cancellationToken);
                return results.Value[0].Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag.");
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // The entry is there already: this is a retry of the step, whose first try appended it.
            }
        }

        var response = await cases.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag.");
    }

    private async Task AppendAuditAsync(TableEntity audit, CancellationToken cancellationToken)
    {
        try
        {
            await cases.AddEntityAsync(audit, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already appended by an earlier try: the first write stands, unchanged.
        }
    }

    private void Keep(TableEntity entity, ETag? etag, bool entriesWritten = false)
    {
        var caseNumber = CaseNumber.Parse(entity.PartitionKey);
        if (etag is not { } known
            || ClosedStates.Contains(StrictEnum.Parse<CaseState>(entity.GetString("State")))
            || entity.Sum(p => p.Value is string text ? text.Length : 8) > MaxCharactersKept)
        {
            Take(caseNumber);
            return;
        }

        // A counter, not written.Count, which takes every lock of the dictionary; the cap is a bound, not an exact figure.
        if (Volatile.Read(ref writtenCount) >= MaxRowsKept)
        {
            written.Clear();
            Volatile.Write(ref writtenCount, 0);
        }

        entity.ETag = known;
        var kept = new KeptRow(entity, entriesWritten);
        if (written.TryAdd(caseNumber, kept))
        {
            Interlocked.Increment(ref writtenCount);
        }
        else
        {
            written[caseNumber] = kept;
        }
    }

    private KeptRow? Take(CaseNumber caseNumber)
    {
        if (!written.TryRemove(caseNumber, out var kept))
        {
            return null;
        }

        Interlocked.Decrement(ref writtenCount);
        return kept;
    }

    private static string StampWriteId(TableEntity entity)
    {
        var writeId = Guid.NewGuid().ToString("N");
        entity[WriteIdColumn] = writeId;
        return writeId;
    }

    private Task UpsertEntriesAsync(List<DueEntry> entries, CancellationToken cancellationToken) =>
        WriteEntriesAsync(entries, [], cancellationToken);

    /// <summary>
    /// Upserts the current entries and deletes the retired ones, one entity-group transaction per month partition: a case's
    /// deadlines mostly fall in one or two months, so a write costs one or two requests rather than one per entry.
    /// </summary>
    private async Task WriteEntriesAsync(List<DueEntry> entries, List<(string PartitionKey, string RowKey)> retired, CancellationToken cancellationToken)
    {
        var partitions = entries.Select(e => e.PartitionKey).Concat(retired.Select(r => r.PartitionKey)).Distinct(StringComparer.Ordinal);
        foreach (var partition in partitions)
        {
            var upserts = entries.Where(e => e.PartitionKey == partition).Select(e => new TableTransactionAction(
                // Merge: an entry rewritten unchanged keeps the sweep's note that it raised DeadlineNear for it.
                TableTransactionActionType.UpsertMerge,
                new TableEntity(e.PartitionKey, e.RowKey)
                {
                    ["CaseNumber"] = e.CaseNumber.ToString(),
                    ["Deadline"] = e.Deadline,
                    ["DueAt"] = e.DueAt,
                    ["EscalationLevel"] = e.EscalationLevel,
                })).ToList();
            var deletes = retired.Where(r => r.PartitionKey == partition).Select(r => r.RowKey).ToList();
            if (upserts.Count == 0 && deletes.Count == 1)
            {
                await DeleteEntryAsync(partition, deletes[0], cancellationToken);
                continue;
            }

            var actions = upserts.Concat(deletes.Select(rowKey =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All))).ToList();
            try
            {
                await deadlines.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && deletes.Count > 0)
            {
                // A retired entry is gone already (dropped by the sweep, or by a retried write): the transaction failed as a
                // whole, so write the entries and delete the rest one by one.
                if (upserts.Count > 0)
                {
                    await deadlines.SubmitTransactionAsync(upserts, cancellationToken);
                }

                foreach (var rowKey in deletes)
                {
                    await DeleteEntryAsync(partition, rowKey, cancellationToken);
                }
            }
        }
    }

    /// <summary>Deletes one entry; false when it was not there.</summary>
    private async Task<bool> DeleteEntryAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await deadlines.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: a retried delete.
            return false;
        }
    }

    /// <summary>A row as this process last wrote or read it, and whether this process then wrote its deadline entries.</summary>
    private sealed record KeptRow(TableEntity Entity, bool EntriesWritten);

    private sealed record DueEntry(string PartitionKey, string RowKey, CaseNumber CaseNumber, string Deadline, DateTimeOffset DueAt, int EscalationLevel);
}

/// <summary>Randomised exponential back-off between optimistic-concurrency retries, so racing writers spread out.</summary>
internal static class Backoff
{
    public static TimeSpan Jittered(int attempt, int baseMilliseconds = 10, int capMilliseconds = 500)
    {
        var ceiling = Math.Min(capMilliseconds, baseMilliseconds * (1 << Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(baseMilliseconds / 2, Math.Max(baseMilliseconds, ceiling)));
    }
}
