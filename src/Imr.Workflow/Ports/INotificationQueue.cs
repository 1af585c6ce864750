namespace Imr.Workflow.Ports;

/// <summary>The <c>notifications</c> queue: assignment notices, records requests, reminders, escalations, determinations.</summary>
public interface INotificationQueue
{
    /// <summary>Sends one step's notices as one message. Messages carry references, never clinical text.</summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}
