using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Functions.Tests.Http;

/// <summary>Reads the assignment credential from a case's notice of assignment on the notifications queue (the reviewer's inbox).</summary>
internal static class AssignmentNotices
{
    /// <summary>The token of the case's notice of assignment; peeks, so the message stays on the queue.</summary>
    public static async Task<string> TokenAsync(IServiceProvider services, string caseNumber)
    {
        var queue = services.GetRequiredService<Imr.Storage.StorageClients>().Queues.GetQueueClient("notifications");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var message in (await queue.PeekMessagesAsync(32)).Value)
            {
                var notice = JsonNode.Parse(message.Body.ToString())!;
                if (notice["caseNumber"]?.GetValue<string>() == caseNumber && notice["assignmentToken"]?.GetValue<string>() is { Length: > 0 } token)
                {
                    return token;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No notice of assignment with a token for {caseNumber}.");
    }
}
