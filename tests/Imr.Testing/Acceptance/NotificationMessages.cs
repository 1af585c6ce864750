using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// Reads messages of the <c>notifications</c> queue: one message a step, <c>{ id, caseNumber, at, notices: [...] }</c>,
/// each notice addressed to one recipient (docs/api.md, "Notifications").
/// </summary>
public static class NotificationMessages
{
    /// <summary>
    /// The message's notices, each with the message's <c>caseNumber</c>, <c>at</c> and id (<c>messageId</c>) copied on, so a
    /// reader can look at one notice as it would at a message addressed to one recipient.
    /// </summary>
    public static IEnumerable<JsonNode> Notices(JsonNode message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var notice in message["notices"]?.AsArray() ?? [])
        {
            if (notice is null)
            {
                continue;
            }

            var copy = notice.DeepClone();
            copy["caseNumber"] = message["caseNumber"]?.DeepClone();
            copy["at"] = message["at"]?.DeepClone();
            copy["messageId"] = message["id"]?.DeepClone();
            yield return copy;
        }
    }
}
