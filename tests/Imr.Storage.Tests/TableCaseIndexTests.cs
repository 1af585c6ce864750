using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Ports;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableCaseIndexTests(StorageFixture fixture)
{
    private readonly TableCaseIndex index = new(fixture.Clients);

    private TableClient Deadlines => fixture.Clients.Tables.GetTableClient(StorageNames.DeadlinesTable);

    [Fact]
    public async Task Creates_and_reads_back_every_field_and_refuses_a_second_create()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var @case = Samples.Case(caseNumber, CaseState.Determined) with
        {
            RecordsReceivedAt = Samples.Now.AddDays(2),
            Determination = Samples.Determination(),
            StepWatermark = new StepOrder(Samples.Now, 3, Samples.Now.AddDays(4).AddTicks(7), 12),
            Items = Enumerable.Range(1, 900).Select(i => $"Item {i}: physical therapy visits for the lumbar spine, twelve sessions").ToList(),
        };

        (await index.TryCreateAsync(@case)).ShouldBeTrue();
        (await index.TryCreateAsync(@case with { StateReason = "second" })).ShouldBeFalse();
        var read = await index.GetAsync(caseNumber);

        read.ShouldNotBeNull();
        read.ETag.ShouldNotBeNullOrWhiteSpace();
        ShouldMatch(read.Case, @case);
        (await index.GetAsync(StorageFixture.NextCaseNumber())).ShouldBeNull();
    }

    [Fact]
    public async Task A_stale_etag_is_refused_with_412_and_update_applies_both_changes()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber));
        var read = (await index.GetAsync(caseNumber))!;

        // Two workers read the same version; the first wins.
        var first = await index.ReplaceAsync(read.Case with { EscalationLevel = 2 }, read.ETag);
        var before = fixture.Clients.Counter.Snapshot();
        var conflict = await Should.ThrowAsync<ConcurrencyConflictException>(() => index.ReplaceAsync(read.Case with { ReviewerId = "rev-2" }, read.ETag));

        // The service itself refused the conditional write.
        conflict.InnerException.ShouldBeOfType<Azure.RequestFailedException>().Status.ShouldBe(412);
        fixture.Clients.Counter.Snapshot().Since(before).For(StorageService.Table, "PUT").ShouldBe(1);
        first.ETag.ShouldNotBe(read.ETag);
        (await index.GetAsync(caseNumber))!.Case.ReviewerId.ShouldBe("rev-1");

        // The loser retries against the fresh row: both changes stand.
        var updated = await index.UpdateAsync(caseNumber, c => c with { ReviewerId = "rev-2" });

        updated.EscalationLevel.ShouldBe(2);
        updated.ReviewerId.ShouldBe("rev-2");
        var stored = (await index.GetAsync(caseNumber))!;
        stored.Case.EscalationLevel.ShouldBe(2);
        stored.Case.ReviewerId.ShouldBe("rev-2");
        var replaced = await index.ReplaceAsync(stored.Case with { StateReason = "fresh etag works" }, stored.ETag);
        replaced.Case.StateReason.ShouldBe("fresh etag works");

        // The ETag a write returns is the one to use next.
        var next = await index.ReplaceAsync(replaced.Case with { StateReason = "chained" }, replaced.ETag);
        next.ETag.ShouldBe((await index.GetAsync(caseNumber))!.ETag);
        await Should.ThrowAsync<ConcurrencyConflictException>(() => index.ReplaceAsync(replaced.Case, replaced.ETag));
    }

    [Fact]
    public async Task Concurrent_updates_of_one_case_are_all_applied()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber) with { PreviousReviewerIds = [] });

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            index.UpdateAsync(caseNumber, c => c with { PreviousReviewerIds = [.. c.PreviousReviewerIds, $"rev-{i}"] })));

        var stored = (await index.GetAsync(caseNumber))!.Case;
        stored.PreviousReviewerIds.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 6).Select(i => $"rev-{i}"));
    }

    [Fact]
    public async Task The_step_watermark_is_one_column_on_the_same_write_kept_by_other_changes_and_absent_on_older_rows()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber));
        var entity = (await fixture.Clients.Tables.GetTableClient(StorageNames.CasesTable).GetEntityAsync<TableEntity>(caseNumber.ToString(), caseNumber.ToString())).Value;
        entity.ContainsKey("StepWatermark").ShouldBeFalse("a row without a watermark stores no column");
        (await index.GetAsync(caseNumber))!.Case.StepWatermark.ShouldBeNull();

        // Setting it costs what any update costs: no storage operation of its own.
        var mark = new StepOrder(Samples.Now, 1, Samples.Now.AddHours(2), 5);
        var before = fixture.Clients.Counter.Snapshot();
        await index.UpdateAsync(caseNumber, c => c with { StepWatermark = mark });
        var withMark = fixture.Clients.Counter.Snapshot().Since(before);

        // A change that is not a workflow step (as the escalation sweep makes) keeps it.
        before = fixture.Clients.Counter.Snapshot();
        await index.UpdateAsync(caseNumber, c => c with { StateReason = "swept" });
        var without = fixture.Clients.Counter.Snapshot().Since(before);
        withMark.For(StorageService.Table).ShouldBe(without.For(StorageService.Table));
        withMark.For(StorageService.Table, "GET").ShouldBe(0, "the change starts from the row as this process wrote it");
        var read = (await index.GetAsync(caseNumber))!.Case;
        read.StateReason.ShouldBe("swept");
        read.StepWatermark.ShouldBe(mark);
    }

    [Fact]
    public async Task A_malformed_step_watermark_is_an_error_naming_the_case_and_the_column()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber));
        var table = fixture.Clients.Tables.GetTableClient(StorageNames.CasesTable);
        await table.UpdateEntityAsync(new TableEntity(caseNumber.ToString(), caseNumber.ToString()) { ["StepWatermark"] = "12.x" }, ETag.All, TableUpdateMode.Merge);

        var error = await Should.ThrowAsync<FormatException>(() => index.GetAsync(caseNumber));
        error.Message.ShouldContain(caseNumber.ToString());
        error.Message.ShouldContain("StepWatermark");
    }

    [Fact]
    public async Task Update_of_an_unknown_case_throws_and_a_null_change_writes_nothing()
    {
        await Should.ThrowAsync<KeyNotFoundException>(() => index.UpdateAsync(StorageFixture.NextCaseNumber(), c => c));

        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber));
        var before = (await index.GetAsync(caseNumber))!;
        var unchanged = await index.UpdateAsync(caseNumber, _ => null);

        unchanged.StateReason.ShouldBe(before.Case.StateReason);
        (await index.GetAsync(caseNumber))!.ETag.ShouldBe(before.ETag);
        await Should.ThrowAsync<InvalidOperationException>(
            () => index.UpdateAsync(caseNumber, c => c with { CaseNumber = StorageFixture.NextCaseNumber() }));
    }

    [Fact]
    public async Task Deadline_index_follows_the_case_deadlines_and_closed_cases_have_no_entries()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var due = Samples.Now.AddYears(-40);
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines { RecordsDue = due, RecordsReminder = due.AddDays(-2) }));

        (await EntriesOf(caseNumber)).Select(e => e.GetString("Deadline")).Order(StringComparer.Ordinal).ShouldBe(["RecordsDue", "RecordsReminder"]);
        var found = (await index.FindDueAsync(due.AddSeconds(1))).Where(d => d.CaseNumber == caseNumber).ToList();
        found.Select(d => d.Deadline).ShouldBe(["RecordsReminder", "RecordsDue"]);
        found[1].DueAt.ShouldBe(due);
        found[1].EscalationLevel.ShouldBe(1);

        // Records arrive: the records deadlines go, the determination deadline comes.
        var determinationDue = due.AddDays(30);
        await index.UpdateAsync(caseNumber, c => c with
        {
            State = CaseState.UnderReview,
            EscalationLevel = 3,
            Deadlines = new CaseDeadlines { DeterminationDue = determinationDue },
        });

        var entries = await EntriesOf(caseNumber);
        entries.Count.ShouldBe(1);
        entries[0].GetString("Deadline").ShouldBe("DeterminationDue");
        entries[0].PartitionKey.ShouldBe("m" + determinationDue.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture));
        var dueNow = (await index.FindDueAsync(determinationDue.AddTicks(1))).Single(d => d.CaseNumber == caseNumber);
        dueNow.EscalationLevel.ShouldBe(3);
        (await index.FindDueAsync(determinationDue)).ShouldNotContain(d => d.CaseNumber == caseNumber, "due strictly before the instant");

        await index.UpdateAsync(caseNumber, c => c with { State = CaseState.Determined });
        (await EntriesOf(caseNumber)).ShouldBeEmpty();
        (await index.FindDueAsync(Samples.Now)).ShouldNotContain(d => d.CaseNumber == caseNumber);
    }

    [Fact]
    public async Task A_near_raised_note_stays_on_an_entry_written_again_and_does_not_bring_back_a_retired_one()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var due = Samples.Now.AddYears(-39);
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines
        {
            RecordsReminder = due.AddDays(-4),
            RecordsEscalation = due.AddDays(-2),
            RecordsDue = due,
        }));
        var listed = (await index.FindDueAsync(due.AddSeconds(1))).Where(d => d.CaseNumber == caseNumber).ToList();
        listed.Select(d => d.Deadline).ShouldBe(["RecordsReminder", "RecordsEscalation", "RecordsDue"], "the records escalation is indexed since workflow 1.2");
        listed.ShouldAllBe(d => !d.NearRaised);

        await index.MarkNearRaisedAsync(listed[0]);
        await index.UpdateAsync(caseNumber, c => c with { EscalationLevel = 1 });
        var after = (await index.FindDueAsync(due.AddSeconds(1))).Where(d => d.CaseNumber == caseNumber).ToList();
        after.Select(d => d.NearRaised).ShouldBe([true, false, false], "the rewrite merges; only the noted entry is noted");
        after[0].EscalationLevel.ShouldBe(1, "the rewrite still carries the new level");

        // The records come in: the records entries are retired. A note arriving late does not write one back.
        await index.UpdateAsync(caseNumber, c => c with { RecordsReceivedAt = due });
        await index.MarkNearRaisedAsync(listed[2]);
        (await EntriesOf(caseNumber)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_due_query_reads_only_due_rows_however_many_cases_are_not_due()
    {
        var dueBefore = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
        var due = new List<CaseNumber>();
        var notDue = new List<CaseNumber>();
        var created = new List<Task>();
        for (var i = 0; i < 240; i++)
        {
            var caseNumber = StorageFixture.NextCaseNumber();

            // Not-due cases fall later the same day, on the next days and far ahead; due ones earlier the same day and days before.
            var at = i < 8
                ? dueBefore.AddHours(-(i * 5) - 1)
                : i % 3 == 0 ? dueBefore.AddMinutes(i) : dueBefore.AddDays(i % 40).AddHours(1);
            (at < dueBefore ? due : notDue).Add(caseNumber);
            created.Add(index.TryCreateAsync(Samples.Case(caseNumber, CaseState.UnderReview, new CaseDeadlines { DeterminationDue = at })));
            if (created.Count == 16)
            {
                await Task.WhenAll(created);
                created.Clear();
            }
        }

        await Task.WhenAll(created);
        var entriesInTable = 0;
        await foreach (var _ in Deadlines.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            entriesInTable++;
        }

        var before = fixture.RowsRead.For(StorageNames.DeadlinesTable);
        var found = await index.FindDueAsync(dueBefore);
        var rowsRead = fixture.RowsRead.For(StorageNames.DeadlinesTable) - before;

        entriesInTable.ShouldBeGreaterThanOrEqualTo(240);
        foreach (var caseNumber in due)
        {
            found.ShouldContain(d => d.CaseNumber == caseNumber);
        }

        found.ShouldNotContain(d => notDue.Contains(d.CaseNumber));
        found.ShouldAllBe(d => d.DueAt < dueBefore);

        // Every row read was a due row: nothing of the many later entries was scanned.
        rowsRead.ShouldBe(found.Count);
        found.Select(d => d.DueAt).ShouldBeInOrder();
    }

    [Fact]
    public async Task Records_deadlines_leave_the_index_once_the_records_are_in_but_stay_on_the_row()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var recordsDue = Samples.Now.AddYears(-41);
        var deadlines = new CaseDeadlines { RecordsDue = recordsDue, RecordsReminder = recordsDue.AddDays(-3) };
        await index.TryCreateAsync(Samples.Case(caseNumber, CaseState.AwaitingRecords, deadlines: deadlines));
        (await EntriesOf(caseNumber)).Count.ShouldBe(2);

        // The review starts: the records deadlines are met; the determination clock starts.
        var determinationDue = recordsDue.AddDays(30);
        await index.UpdateAsync(caseNumber, c => c with
        {
            State = CaseState.UnderReview,
            RecordsReceivedAt = recordsDue.AddDays(-1),
            Deadlines = deadlines with { DeterminationDue = determinationDue },
        });

        (await EntriesOf(caseNumber)).Select(e => e.GetString("Deadline")).ShouldBe(["DeterminationDue"]);
        (await index.FindDueAsync(recordsDue.AddDays(1))).ShouldNotContain(d => d.CaseNumber == caseNumber, "records that came in are not due");
        var row = (await index.GetAsync(caseNumber))!.Case;
        row.Deadlines.RecordsDue.ShouldBe(recordsDue);
        row.Deadlines.RecordsReminder.ShouldBe(recordsDue.AddDays(-3));
    }

    [Fact]
    public async Task Upsert_creates_a_missing_row_or_changes_the_existing_one_with_one_read_and_one_write()
    {
        // Each call as from another process: none starts from a row it wrote itself.
        var index = new TableCaseIndex(fixture.Clients);
        var caseNumber = StorageFixture.NextCaseNumber();
        var before = fixture.Clients.Counter.Snapshot();
        var created = await index.UpsertAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()) with { StateReason = "created" }, c => c with { StateReason = "changed" });
        var createCost = fixture.Clients.Counter.Snapshot().Since(before);

        created.StateReason.ShouldBe("created");
        (await index.GetAsync(caseNumber))!.Case.StateReason.ShouldBe("created");
        createCost.For(StorageService.Table, "GET").ShouldBe(1);
        createCost.For(StorageService.Table, "POST").ShouldBe(1, "one insert; the case has no deadlines to index");
        createCost.Total.ShouldBe(2);

        before = fixture.Clients.Counter.Snapshot();
        var changed = await new TableCaseIndex(fixture.Clients).UpsertAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()) with { StateReason = "created" }, c => c with { StateReason = "changed" });
        var changeCost = fixture.Clients.Counter.Snapshot().Since(before);

        changed.StateReason.ShouldBe("changed");
        (await index.GetAsync(caseNumber))!.Case.StateReason.ShouldBe("changed");
        changeCost.For(StorageService.Table, "GET").ShouldBe(1);
        changeCost.For(StorageService.Table, "PUT").ShouldBe(1);
        changeCost.Total.ShouldBe(2);
    }

    [Fact]
    public async Task A_change_starts_from_the_row_this_process_wrote_and_reads_it_again_when_another_process_changed_it()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var here = new TableCaseIndex(fixture.Clients);
        var elsewhere = new TableCaseIndex(fixture.Clients);
        await here.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()));

        // The row as this process wrote it is current: one conditional write, no read.
        var before = fixture.Clients.Counter.Snapshot();
        await here.UpdateAsync(caseNumber, c => c with { ReviewerId = "rev-7" });
        var kept = fixture.Clients.Counter.Snapshot().Since(before);
        kept.For(StorageService.Table, "GET").ShouldBe(0);
        kept.For(StorageService.Table, "PUT").ShouldBe(1);

        // Another process changes the row: this process's copy is stale, its write is refused, and the change is applied
        // to the row as it now is, so both changes stand.
        await elsewhere.UpdateAsync(caseNumber, c => c with { EscalationLevel = 2 });
        before = fixture.Clients.Counter.Snapshot();
        var updated = await here.UpdateAsync(caseNumber, c => c with { StateReason = "here" });
        var stale = fixture.Clients.Counter.Snapshot().Since(before);
        updated.EscalationLevel.ShouldBe(2);
        updated.ReviewerId.ShouldBe("rev-7");
        stale.For(StorageService.Table, "PUT").ShouldBe(2, "the refused write and the one that counts");
        stale.For(StorageService.Table, "GET").ShouldBeGreaterThanOrEqualTo(1);
        var stored = (await elsewhere.GetAsync(caseNumber))!.Case;
        stored.EscalationLevel.ShouldBe(2);
        stored.StateReason.ShouldBe("here");
        ShouldMatch(stored, updated);

        // A change that finds nothing to do on the kept copy is not trusted with it: the row is read, and the change it
        // calls for there is made.
        await elsewhere.UpdateAsync(caseNumber, c => c with { StateReason = "elsewhere" });
        await here.UpdateAsync(caseNumber, c => c.StateReason == "here" ? null : c with { EscalationLevel = 3 });
        (await elsewhere.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(3);
    }

    [Fact]
    public async Task A_kept_row_removed_since_is_read_again_and_its_absence_reported_as_for_any_missing_case()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()));
        await fixture.Clients.Tables.GetTableClient(StorageNames.CasesTable).DeleteEntityAsync(caseNumber.ToString(), caseNumber.ToString(), ETag.All);

        await Should.ThrowAsync<KeyNotFoundException>(() => index.UpdateAsync(caseNumber, c => c with { StateReason = "gone" }));
        (await index.UpsertAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()) with { StateReason = "again" }, c => c)).StateReason.ShouldBe("again");
    }

    [Fact]
    public async Task A_closed_case_is_not_kept_so_a_later_change_reads_it()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()));
        await index.UpdateAsync(caseNumber, c => c with { State = CaseState.Determined });

        var before = fixture.Clients.Counter.Snapshot();
        await index.UpdateAsync(caseNumber, c => c with { StateReason = "after" });
        fixture.Clients.Counter.Snapshot().Since(before).For(StorageService.Table, "GET").ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_upserts_of_a_missing_case_create_it_once_and_apply_every_other_change()
    {
        var caseNumber = StorageFixture.NextCaseNumber();

        // Whoever creates the row starts the list with its own id; everyone else adds theirs to the row they find.
        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => index.UpsertAsync(
            Samples.Case(caseNumber) with { PreviousReviewerIds = [$"rev-{i}"] },
            c => c with { PreviousReviewerIds = [.. c.PreviousReviewerIds, $"rev-{i}"] })));

        var stored = (await index.GetAsync(caseNumber))!.Case;
        stored.PreviousReviewerIds.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 6).Select(i => $"rev-{i}"));
    }

    [Fact]
    public async Task An_entry_left_behind_by_an_interrupted_write_is_dropped_once_due_and_a_live_one_is_kept()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var oldDue = Samples.Now.AddYears(-30);
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines { RecordsDue = oldDue }));
        var live = (await index.FindDueAsync(oldDue.AddSeconds(1))).Single(d => d.CaseNumber == caseNumber);
        (await index.DropIfStaleAsync(live, (await index.GetAsync(caseNumber))!.Case)).ShouldBeFalse("the case still has this deadline");
        (await EntriesOf(caseNumber)).Count.ShouldBe(1);

        // A writer replaced the row (retiring the entry) and stopped before deleting the entry.
        var cases = fixture.Clients.Tables.GetTableClient(StorageNames.CasesTable);
        var row = (await cases.GetEntityAsync<TableEntity>(caseNumber.ToString(), caseNumber.ToString())).Value;
        row["DeadlineKeys"] = "[]";
        row.Remove("RecordsDue");
        await cases.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var stale = (await index.FindDueAsync(oldDue.AddSeconds(1))).Single(d => d.CaseNumber == caseNumber);
        (await index.DropIfStaleAsync(stale, (await index.GetAsync(caseNumber))!.Case)).ShouldBeTrue();

        (await EntriesOf(caseNumber)).ShouldBeEmpty();
        (await index.FindDueAsync(oldDue.AddSeconds(1))).ShouldNotContain(d => d.CaseNumber == caseNumber);
        (await index.DropIfStaleAsync(stale, (await index.GetAsync(caseNumber))!.Case)).ShouldBeTrue("dropping twice is harmless");
    }

    [Fact]
    public async Task A_cases_entries_in_one_month_are_written_and_deleted_in_one_transaction()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var month = new DateTimeOffset(1991, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var deadlines = new CaseDeadlines
        {
            DeterminationReminder = month.AddDays(3),
            DeterminationEscalation = month.AddDays(10),
            DeterminationDue = month.AddDays(20),
        };

        var before = fixture.Clients.Counter.Snapshot();
        await index.TryCreateAsync(Samples.Case(caseNumber, CaseState.UnderReview, deadlines));
        fixture.Clients.Counter.Snapshot().Since(before).For(StorageService.Table, "POST").ShouldBe(2, "the row, and one transaction for three entries");
        (await EntriesOf(caseNumber)).Select(e => e.PartitionKey).Distinct().ShouldBe(["m199103"]);

        before = fixture.Clients.Counter.Snapshot();
        await index.UpdateAsync(caseNumber, c => c with { State = CaseState.Determined });
        var closing = fixture.Clients.Counter.Snapshot().Since(before);
        closing.For(StorageService.Table, "POST").ShouldBe(1, "three deletes in one transaction");
        closing.For(StorageService.Table, "DELETE").ShouldBe(0);
        (await EntriesOf(caseNumber)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_retired_entry_already_gone_does_not_stop_the_rest_of_its_months_changes()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var month = new DateTimeOffset(1992, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines { RecordsReminder = month.AddDays(2), RecordsDue = month.AddDays(4) }));
        var reminder = (await EntriesOf(caseNumber)).Single(e => e.GetString("Deadline") == "RecordsReminder");
        await Deadlines.DeleteEntityAsync(reminder.PartitionKey, reminder.RowKey);

        // Both records entries retire and the determination entry comes, all in one month: the transaction fails on the
        // missing entry as a whole, and the write still lands.
        await index.UpdateAsync(caseNumber, c => c with
        {
            State = CaseState.UnderReview,
            RecordsReceivedAt = month.AddDays(3),
            Deadlines = c.Deadlines with { DeterminationDue = month.AddDays(20) },
        });

        (await EntriesOf(caseNumber)).Select(e => e.GetString("Deadline")).ShouldBe(["DeterminationDue"]);
    }

    [Fact]
    public async Task A_write_deletes_each_retired_entry_once_and_nothing_it_deleted_before()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var recordsDue = Samples.Now.AddYears(-29);
        await index.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines { RecordsDue = recordsDue, RecordsReminder = recordsDue.AddDays(-2) }));

        await index.UpdateAsync(caseNumber, c => c with { State = CaseState.UnderReview, Deadlines = new CaseDeadlines { DeterminationDue = recordsDue.AddDays(40) } });
        (await EntriesOf(caseNumber)).Select(e => e.GetString("Deadline")).ShouldBe(["DeterminationDue"], "the two records entries are deleted");

        var before = fixture.Clients.Counter.Snapshot();
        await index.UpdateAsync(caseNumber, c => c with { State = CaseState.Determined });
        var closing = fixture.Clients.Counter.Snapshot().Since(before);
        closing.For(StorageService.Table, "DELETE").ShouldBe(1, "only the determination entry; the records entries are gone already");
        closing.For(StorageService.Table, "POST").ShouldBe(0);
        (await EntriesOf(caseNumber)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Lists_by_state_and_due_date_one_page_at_a_time()
    {
        var dueBefore = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ours = new List<CaseNumber>();
        for (var i = 0; i < 5; i++)
        {
            var caseNumber = StorageFixture.NextCaseNumber();
            ours.Add(caseNumber);
            await index.TryCreateAsync(Samples.Case(caseNumber, CaseState.Unassigned, new CaseDeadlines { RecordsReminder = dueBefore.AddDays(-i - 1) }));
        }

        var notYet = StorageFixture.NextCaseNumber();
        await index.TryCreateAsync(Samples.Case(notYet, CaseState.Unassigned, new CaseDeadlines { RecordsReminder = dueBefore.AddDays(1) }));

        var listed = new List<Case>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await index.ListAsync(new CaseQuery { State = CaseState.Unassigned, DueBefore = dueBefore, PageSize = 2, ContinuationToken = token });
            page.Cases.Count.ShouldBeLessThanOrEqualTo(2);
            listed.AddRange(page.Cases);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        listed.ShouldAllBe(c => c.State == CaseState.Unassigned && c.Deadlines.RecordsReminder < dueBefore);
        listed.Select(c => c.CaseNumber).ShouldBe(ours, ignoreOrder: true);
        pages.ShouldBeGreaterThanOrEqualTo(3);

        var byState = await index.ListAsync(new CaseQuery { State = CaseState.Unassigned, PageSize = 1000 });
        byState.Cases.Select(c => c.CaseNumber).ShouldContain(notYet);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => index.ListAsync(new CaseQuery { PageSize = 0 }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => index.ListAsync(new CaseQuery { PageSize = 1001 }));
    }

    private static void ShouldMatch(Case actual, Case expected)
    {
        actual.CaseNumber.ShouldBe(expected.CaseNumber);
        actual.State.ShouldBe(expected.State);
        actual.StateReason.ShouldBe(expected.StateReason);
        actual.Priority.ShouldBe(expected.Priority);
        actual.ReviewerId.ShouldBe(expected.ReviewerId);
        actual.PreviousReviewerIds.ShouldBe(expected.PreviousReviewerIds);
        actual.AssignmentCount.ShouldBe(expected.AssignmentCount);
        actual.EscalationLevel.ShouldBe(expected.EscalationLevel);
        actual.Deadlines.ShouldBe(expected.Deadlines);
        actual.Items.ShouldBe(expected.Items);
        actual.PolicyVersion.ShouldBe(expected.PolicyVersion);
        actual.WorkflowVersion.ShouldBe(expected.WorkflowVersion);
        actual.ContentHash.ShouldBe(expected.ContentHash);
        actual.AssignedAt.ShouldBe(expected.AssignedAt);
        actual.NoticeSentAt.ShouldBe(expected.NoticeSentAt);
        actual.NoticeServedBy.ShouldBe(expected.NoticeServedBy);
        actual.RecordsReceivedAt.ShouldBe(expected.RecordsReceivedAt);
        actual.CreatedAt.ShouldBe(expected.CreatedAt);
        actual.UpdatedAt.ShouldBe(expected.UpdatedAt);
        actual.StepWatermark.ShouldBe(expected.StepWatermark);
        if (expected.Determination is null)
        {
            actual.Determination.ShouldBeNull();
        }
        else
        {
            actual.Determination.ShouldNotBeNull();
            actual.Determination.DecisionDate.ShouldBe(expected.Determination.DecisionDate);
            actual.Determination.Items.ShouldBe(expected.Determination.Items);
        }
    }

    [Fact]
    public async Task A_write_from_the_row_this_process_wrote_sends_no_index_request_for_unchanged_entries_and_one_from_a_read_repairs_them()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var month = new DateTimeOffset(1993, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var here = new TableCaseIndex(fixture.Clients);
        await here.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines { RecordsReminder = month.AddDays(2), RecordsDue = month.AddDays(4) }));

        // The entries stay as they are: the row write alone.
        var before = fixture.Clients.Counter.Snapshot();
        await here.UpdateAsync(caseNumber, c => c with { StateReason = "still waiting" });
        var spent = fixture.Clients.Counter.Snapshot().Since(before);
        spent.Total.ShouldBe(1, "one conditional row write; the entries this process wrote are unchanged");
        spent.For(StorageService.Table, "PUT").ShouldBe(1);

        // A raised escalation level is carried by the entries, so they are written.
        before = fixture.Clients.Counter.Snapshot();
        await here.UpdateAsync(caseNumber, c => c with { EscalationLevel = c.EscalationLevel + 1 });
        fixture.Clients.Counter.Snapshot().Since(before).For(StorageService.Table, "POST").ShouldBe(1, "the entries, with the new level");

        // An entry lost (a writer stopped before it): a process that read the row rewrites every entry, as before.
        var reminder = (await EntriesOf(caseNumber)).Single(e => e.GetString("Deadline") == "RecordsReminder");
        await Deadlines.DeleteEntityAsync(reminder.PartitionKey, reminder.RowKey);
        await new TableCaseIndex(fixture.Clients).UpdateAsync(caseNumber, c => c with { StateReason = "read afresh" });
        (await EntriesOf(caseNumber)).Select(e => e.GetString("Deadline")).ShouldBe(["RecordsReminder", "RecordsDue"], ignoreOrder: true);
    }

    private async Task<List<TableEntity>> EntriesOf(CaseNumber caseNumber)
    {
        var entries = new List<TableEntity>();
        await foreach (var entity in Deadlines.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CaseNumber eq {caseNumber.ToString()}")))
        {
            entries.Add(entity);
        }

        return entries;
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableCaseIndexTokenTests(StorageFixture fixture)
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("a b c")]
    [InlineData("%%%% ''''")]
    public async Task A_tampered_continuation_token_is_refused_or_harmless(string token)
    {
        var index = new TableCaseIndex(fixture.Clients);
        await index.TryCreateAsync(Samples.Case(StorageFixture.NextCaseNumber()));

        try
        {
            var page = await index.ListAsync(new CaseQuery { ContinuationToken = token, PageSize = 5 });
            page.Cases.Count.ShouldBeLessThanOrEqualTo(5);
        }
        catch (ArgumentException e)
        {
            e.Message.ShouldContain("ContinuationToken");
        }
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableCaseIndexLostReplyTests(StorageFixture fixture)
{
    [Fact]
    public async Task An_update_whose_reply_was_lost_is_applied_once_not_twice()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await new TableCaseIndex(fixture.Clients).TryCreateAsync(Samples.Case(caseNumber) with { EscalationLevel = 0 });
        var lossy = new LoseFirstReply("PUT", "/Cases(");
        var index = new TableCaseIndex(StorageClients.Create(fixture.Options, extraPolicies: [lossy]));

        var updated = await index.UpdateAsync(caseNumber, c => c with { EscalationLevel = c.EscalationLevel + 1 });

        lossy.Fired.ShouldBeTrue();
        updated.EscalationLevel.ShouldBe(1);
        (await index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(1);
    }

    [Fact]
    public async Task A_create_whose_reply_was_lost_still_reports_created()
    {
        var lossy = new LoseFirstReply("POST", "/Cases");
        var index = new TableCaseIndex(StorageClients.Create(fixture.Options, extraPolicies: [lossy]));
        var caseNumber = StorageFixture.NextCaseNumber();

        (await index.TryCreateAsync(Samples.Case(caseNumber))).ShouldBeTrue();

        lossy.Fired.ShouldBeTrue();
        (await index.TryCreateAsync(Samples.Case(caseNumber))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_change_with_its_audit_entry_is_one_request_and_a_retry_of_the_step_writes_the_row_but_not_a_second_entry()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var here = new TableCaseIndex(fixture.Clients);
        var trail = new TableAuditTrail(fixture.Clients);
        await here.TryCreateAsync(Samples.Case(caseNumber, deadlines: new CaseDeadlines()) with { EscalationLevel = 0 });
        var entry = new AuditEntry { Id = $"{caseNumber}-escalated", CaseNumber = caseNumber, Actor = "system", Action = "Escalated", At = Samples.Now, Detail = "first" };

        var before = fixture.Clients.Counter.Snapshot();
        await here.UpdateAsync(caseNumber, c => c with { EscalationLevel = 1 }, entry);
        var spent = fixture.Clients.Counter.Snapshot().Since(before);

        spent.Total.ShouldBe(1, "the row and the entry in one entity-group transaction, from the row this process wrote");
        spent.For(StorageService.Table, "POST").ShouldBe(1);

        // The step again (its host stopped after the write): the row is written, the first entry stands alone.
        var retried = await here.UpdateAsync(caseNumber, c => c with { EscalationLevel = 2 }, entry with { Detail = "second" });
        retried.EscalationLevel.ShouldBe(2);
        (await here.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(2);
        (await trail.ReadAsync(caseNumber)).ShouldHaveSingleItem().Detail.ShouldBe("first");

        // A change that writes nothing still appends its entry.
        await here.UpdateAsync(caseNumber, _ => null, entry with { Id = $"{caseNumber}-noted", Detail = "noted" });
        (await trail.ReadAsync(caseNumber)).Select(e => e.Detail).ShouldBe(["first", "noted"], ignoreOrder: true);

        // The audit rows share the case's partition but are not cases.
        var listed = new List<Case>();
        string? token = null;
        do
        {
            var page = await here.ListAsync(new CaseQuery { PageSize = 1000, ContinuationToken = token });
            listed.AddRange(page.Cases);
            token = page.ContinuationToken;
        }
        while (token is not null);
        listed.Count(c => c.CaseNumber == caseNumber).ShouldBe(1);
    }

    [Fact]
    public async Task A_change_with_its_audit_entry_whose_reply_was_lost_is_applied_once_with_one_entry()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        await new TableCaseIndex(fixture.Clients).TryCreateAsync(Samples.Case(caseNumber) with { EscalationLevel = 0 });
        var lossy = new LoseFirstReply("POST", "$batch");
        var clients = StorageClients.Create(fixture.Options, extraPolicies: [lossy]);
        var index = new TableCaseIndex(clients);
        var entry = new AuditEntry { Id = $"{caseNumber}-raised", CaseNumber = caseNumber, Actor = "system", Action = "Escalated", At = Samples.Now, Detail = "raised" };

        var updated = await index.UpdateAsync(caseNumber, c => c with { EscalationLevel = c.EscalationLevel + 1 }, entry);

        lossy.Fired.ShouldBeTrue();
        updated.EscalationLevel.ShouldBe(1);
        (await index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(1);
        (await new TableAuditTrail(fixture.Clients).ReadAsync(caseNumber)).ShouldHaveSingleItem().Detail.ShouldBe("raised");
    }
}
