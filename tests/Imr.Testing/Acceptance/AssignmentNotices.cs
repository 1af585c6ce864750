using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace Imr.Testing.Acceptance;

/// <summary>
/// Reads assignment credentials the way a reviewer's inbox does: from the assignment notices on the <c>notifications</c>
/// queue. Messages are received with a one-second invisibility and never deleted, so other tests still see them.
/// </summary>
public static class AssignmentNotices
{
    /// <summary>A token from a notice of assignment <paramref name="attempt"/> of the case (waits up to 60 s for it).</summary>
    public static async Task<string> TokenAsync(string connectionString, string caseNumber, int attempt = 1)
    {
        var queue = new QueueClient(connectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var step = string.Create(CultureInfo.InvariantCulture, $":assigned:{attempt}:AssignmentNotice");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                var token = batch
                    .SelectMany(m => NotificationMessages.Notices(JsonNode.Parse(m.Body.ToString())!))
                    .Where(n => n["caseNumber"]?.GetValue<string>() == caseNumber && (n["id"]?.GetValue<string>() ?? "").EndsWith(step, StringComparison.Ordinal))
                    .Select(n => n["assignmentToken"]?.GetValue<string>())
                    .FirstOrDefault(t => !string.IsNullOrEmpty(t));
                if (token is not null)
                {
                    return token;
                }
            }

            await Task.Delay(1_100);
        }

        throw new TimeoutException($"No notice of assignment {attempt} with a token for {caseNumber} on the notifications queue.");
    }

    /// <summary>The decision with the case's current assignment credential in <c>assignmentToken</c>.</summary>
    public static async Task<JsonNode> WithTokenAsync(this JsonNode decision, string connectionString, string caseNumber, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(decision);
        decision["assignmentToken"] = await TokenAsync(connectionString, caseNumber, attempt);
        return decision;
    }
}
