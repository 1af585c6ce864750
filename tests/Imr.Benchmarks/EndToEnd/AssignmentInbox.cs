using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// The scripted reviewer's inbox: reads the notices of assignment from the host's <c>notifications</c> queue and keeps the
/// newest assignment credential per case, which a decision must present. The benchmark is the queue's only reader, so
/// each message is deleted once read. These queue calls are the driver's, not the application's, and are not counted.
/// </summary>
public sealed class AssignmentInbox : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly ConcurrentDictionary<string, (int Attempt, string Token)> _tokens = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    /// <summary>Starts reading the queue of the Azurite at <paramref name="connectionString"/>.</summary>
    public AssignmentInbox(string connectionString)
    {
        _queue = new QueueClient(connectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        _reading = Task.Run(() => ReadAsync(_stop.Token));
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
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var batch = (await _queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), ct)).Value;
                foreach (var message in batch)
                {
                    Keep(JsonNode.Parse(message.Body.ToString()));
                    await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(200, ct);
                }
            }
            catch (Azure.RequestFailedException) when (!ct.IsCancellationRequested)
            {
                // The queue is created by the host on start; until then, or on a busy Azurite, try again shortly.
                await Task.Delay(500, ct);
            }
        }
    }

    private void Keep(JsonNode? notice)
    {
        // Ids look like "<case>:assigned:<attempt>:AssignmentNotice"; a later attempt's credential replaces an earlier one.
        if ((string?)notice?["kind"] != "AssignmentNotice" || (string?)notice["caseNumber"] is not { } caseNumber
            || (string?)notice["assignmentToken"] is not { Length: > 0 } token)
        {
            return;
        }

        var parts = ((string?)notice["id"] ?? "").Split(':');
        var at = Array.IndexOf(parts, "assigned");
        var attempt = at >= 0 && at + 1 < parts.Length && int.TryParse(parts[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        _tokens.AddOrUpdate(caseNumber, (attempt, token), (_, old) => attempt >= old.Attempt ? (attempt, token) : old);
    }
}
