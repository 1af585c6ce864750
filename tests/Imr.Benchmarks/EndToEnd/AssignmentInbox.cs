using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Azure.Storage.Queues;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// The scripted parties' inbox: reads the host's <c>notifications</c> queue with one receiver and hands every notice to
/// the script through <see cref="Notices"/>, in the order received. It also keeps the newest assignment credential per
/// case (which a decision must present) for the script's safety net. The benchmark is the queue's only reader, so each
/// message is deleted once handed over. These queue calls are the driver's, not the application's, and are not counted.
/// </summary>
public sealed class AssignmentInbox : IAsyncDisposable
{
    /// <summary>
    /// How long to wait after an empty read. Azurite rebuilds its message indices on every queue read and delete (the
    /// cost grows with the messages stored), on the same single node process the host's storage uses, so an empty queue
    /// is asked at a modest rate. 250 ms adds at most that to a notice that lands in an empty queue; while notices keep
    /// coming the receiver reads again at once.
    /// </summary>
    private static readonly TimeSpan EmptyPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The most messages one read returns (the service's limit).</summary>
    private const int MaxBatch = 32;

    /// <summary>How many batches' deletes may still be running when the next read starts.</summary>
    private const int MaxBatchesDeleting = 4;

    private readonly QueueClient _queue;
    private readonly ConcurrentDictionary<string, (int Attempt, string Token)> _tokens = new(StringComparer.Ordinal);
    private readonly Channel<Notice> _notices = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _unreadable;
    private long _reads;
    private long _emptyReads;
    private long _fullReads;
    private long _messages;
    private long _busyTicks;
    private long _errors;

    /// <summary>Starts reading the queue of the Azurite at <paramref name="connectionString"/>.</summary>
    public AssignmentInbox(string connectionString)
    {
        _queue = new QueueClient(connectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        _reading = Task.Run(() => ReadAsync(_stop.Token));
    }

    /// <summary>Every notice received, in order (one reader: the script).</summary>
    public ChannelReader<Notice> Notices => _notices.Reader;

    /// <summary>
    /// Messages that were not one the script can read (not a JSON object, without a string case number or a list of notices,
    /// or a notice without a string kind); deleted all the same.
    /// </summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>
    /// The receiver's work so far: reads, reads that found nothing, reads that came back full (32: the queue had more
    /// waiting, so the receiver was behind), messages, the mean time of a read (its deletes run behind it), and failed reads or
    /// deletes (retried), and unreadable messages.
    /// </summary>
    public InboxCounts Counts
    {
        get
        {
            var nonEmpty = Interlocked.Read(ref _reads) - Interlocked.Read(ref _emptyReads);
            return new(
                Interlocked.Read(ref _reads),
                Interlocked.Read(ref _emptyReads),
                Interlocked.Read(ref _fullReads),
                Interlocked.Read(ref _messages),
                nonEmpty == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks) / nonEmpty).TotalMilliseconds,
                Interlocked.Read(ref _errors),
                Interlocked.Read(ref _unreadable));
        }
    }

    /// <summary>The credential from the newest notice of assignment of the case, or null when none has arrived yet.</summary>
    public string? TokenFor(string caseNumber) => _tokens.TryGetValue(caseNumber, out var found) ? found.Token : null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException || _reading.IsFaulted)
        {
            // Stopped; a receiver's failure was already handed to the script through the channel.
        }

        _notices.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            await ReceiveAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A receiver that stopped would leave the script waiting for notices until the time limit: complete the channel
            // with the error, so the script's next wait throws it and the run fails loudly.
            _notices.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task ReceiveAsync(CancellationToken ct)
    {
        // Deletes run behind the reads: a read's messages stay invisible for 30 s, long enough for their deletes to land,
        // so the next read need not wait for them. Waiting would put each batch's deletes, tens of milliseconds on a busy
        // Azurite, in front of every notice behind it.
        var deleting = new Queue<Task>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                while (deleting.Count >= MaxBatchesDeleting)
                {
                    await deleting.Dequeue();
                }

                var started = Stopwatch.GetTimestamp();
                var batch = (await _queue.ReceiveMessagesAsync(MaxBatch, TimeSpan.FromSeconds(30), ct)).Value;
                Interlocked.Increment(ref _reads);
                if (batch.Length == 0)
                {
                    Interlocked.Increment(ref _emptyReads);
                    await Task.Delay(EmptyPollInterval, ct);
                    continue;
                }

                Interlocked.Add(ref _messages, batch.Length);
                if (batch.Length == MaxBatch)
                {
                    Interlocked.Increment(ref _fullReads);
                }

                foreach (var message in batch)
                {
                    try
                    {
                        Hand(message.Body.ToString());
                    }
                    catch (Exception e) when (e is InvalidOperationException or JsonException or FormatException)
                    {
                        // A malformed message (a JSON array, a kind or id that is not a string) is counted, and still deleted.
                        Interlocked.Increment(ref _unreadable);
                    }
                }

                Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(started).Ticks);
                deleting.Enqueue(DeleteAsync(batch, ct));
            }
            catch (Exception e) when (Transient(e, ct))
            {
                // The queue is created by the host on start; until then, or on a busy Azurite, try again shortly: a receiver
                // that stopped would leave the script with nothing to act on.
                Interlocked.Increment(ref _errors);
                await Task.Delay(500, ct);
            }
        }
    }

    private async Task DeleteAsync(Azure.Storage.Queues.Models.QueueMessage[] batch, CancellationToken ct)
    {
        // In parallel: one at a time, the deletes fall behind once a busy Azurite answers each in tens of milliseconds.
        await Task.WhenAll(batch.Select(async m =>
        {
            try
            {
                await _queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
            catch (Exception e) when (Transient(e, ct))
            {
                // The message comes back after its visibility timeout and is handed over again; the script drops duplicates.
                Interlocked.Increment(ref _errors);
            }
        }));
    }

    /// <summary>A failure worth trying again: the service or the network, or a timeout that is not the reader being stopped.</summary>
    private static bool Transient(Exception e, CancellationToken ct) =>
        e is Azure.RequestFailedException or HttpRequestException or IOException or TimeoutException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private void Hand(string body)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }

        // One message a step: { id, caseNumber, at, notices: [{ id, kind, recipient, ... }] }, each notice to one recipient.
        if ((string?)json?["caseNumber"] is not { } caseNumber || json["notices"] is not JsonArray notices
            || notices.Any(n => n is not JsonObject || (string?)n["kind"] is null))
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        var sentAt = DateTimeOffset.TryParse((string?)json["at"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var stepAt) ? stepAt : (DateTimeOffset?)null;
        var receivedAt = DateTimeOffset.UtcNow;
        foreach (var notice in notices)
        {
            var kind = (string)notice!["kind"]!;

            // Ids look like "case-<n>:assigned:<attempt>:AssignmentNotice"; a later attempt's credential replaces an earlier one.
            var id = (string?)notice["id"] ?? "";
            var parts = id.Split(':');
            var at = Array.IndexOf(parts, "assigned");
            var attempt = at >= 0 && at + 1 < parts.Length && int.TryParse(parts[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var token = (string?)notice["assignmentToken"] is { Length: > 0 } t ? t : null;
            if (kind == Notice.AssignmentNotice && token is not null)
            {
                _tokens.AddOrUpdate(caseNumber, (attempt, token), (_, old) => attempt >= old.Attempt ? (attempt, token) : old);
            }

            _notices.Writer.TryWrite(new Notice(kind, caseNumber, id, attempt, token, sentAt, receivedAt));
        }
    }
}

/// <summary>One notice of a message on the <c>notifications</c> queue (a message holds a step's notices), as the script needs it.</summary>
/// <param name="Kind">AssignmentNotice, RecordsRequest, ReviewStarted, Determination, Reminder, Escalation.</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="Id">The notice's deterministic id (a retried step sends the same id again).</param>
/// <param name="Attempt">The assignment attempt the id names, or 0.</param>
/// <param name="AssignmentToken">On an assignment notice, the credential for the decision.</param>
/// <param name="StepAt">The notice's <c>at</c>: the orchestration's time for the step that sent it (null when absent).</param>
/// <param name="ReceivedAt">When the inbox read it.</param>
public sealed record Notice(string Kind, string CaseNumber, string Id, int Attempt, string? AssignmentToken, DateTimeOffset? StepAt, DateTimeOffset ReceivedAt)
{
    /// <summary>The notice of assignment, to the reviewer; sent once per assignment attempt.</summary>
    public const string AssignmentNotice = "AssignmentNotice";

    /// <summary>The records are in and the case is under review (the case row says so when it is sent): the cue to decide.</summary>
    public const string ReviewStarted = "ReviewStarted";

    /// <summary>The Final Determination was issued (the case row is already Determined when it is sent).</summary>
    public const string Determination = "Determination";
}

/// <summary>What the inbox's receiver did (see <see cref="AssignmentInbox.Counts"/>).</summary>
public sealed record InboxCounts(long Reads, long EmptyReads, long FullReads, long Messages, double MeanBusyReadMs, long Errors, long Unreadable = 0)
{
    /// <summary>This minus an earlier snapshot (the mean is this one's).</summary>
    public InboxCounts Since(InboxCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return this with { Reads = Reads - earlier.Reads, EmptyReads = EmptyReads - earlier.EmptyReads, FullReads = FullReads - earlier.FullReads, Messages = Messages - earlier.Messages, Errors = Errors - earlier.Errors, Unreadable = Unreadable - earlier.Unreadable };
    }
}
