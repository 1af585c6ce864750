using System.Text;
using Azure.Storage.Queues;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Sends notifications to the <c>notifications</c> queue as camelCase JSON, base64-encoded on the wire (the client is built
/// with <c>QueueMessageEncoding.Base64</c>, which is what the Functions queue trigger reads by default).
/// </summary>
public sealed class QueueNotificationQueue : INotificationQueue
{
    // A queue message holds 64 KiB; base64 grows the text by a third.
    private const int MaxMessageBytes = 48 * 1024;

    private readonly QueueClient queue;

    /// <summary>Creates the sender over the account's queue service.</summary>
    public QueueNotificationQueue(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        queue = clients.Queues.GetQueueClient(StorageNames.NotificationsQueue);
    }

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (string.IsNullOrWhiteSpace(notification.Id))
        {
            throw new ArgumentException("Notification.Id is empty.", nameof(notification));
        }

        if (notification.Notices is not { Count: > 0 } notices)
        {
            throw new ArgumentException("Notification.Notices is empty: a message carries at least one notice.", nameof(notification));
        }

        for (var i = 0; i < notices.Count; i++)
        {
            var notice = notices[i];
            if (string.IsNullOrWhiteSpace(notice.Id) || string.IsNullOrWhiteSpace(notice.Kind) || string.IsNullOrWhiteSpace(notice.Recipient))
            {
                throw new ArgumentException($"Notification.Notices[{i}] has an empty id, kind or recipient: every notice is addressed.", nameof(notification));
            }
        }

        var json = StorageJson.Serialize(notification);
        var size = Encoding.UTF8.GetByteCount(json);
        if (size > MaxMessageBytes)
        {
            throw new ArgumentException($"The notification is {size} bytes as JSON; a queue message holds at most {MaxMessageBytes}. Send a reference, not content.", nameof(notification));
        }

        await queue.SendMessageAsync(json, cancellationToken);
    }
}
