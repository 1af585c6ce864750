using Imr.Domain.Reviewers;

namespace Imr.Workflow.Ports;

/// <summary>A stored reviewer profile that cannot be read back; the message names the reviewer and the field, never its content.</summary>
public sealed class UnreadableReviewerException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UnreadableReviewerException()
        : this("", "$", "The stored profile cannot be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnreadableReviewerException(string message)
        : this("", "$", message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public UnreadableReviewerException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReviewerId = "";
        Field = "$";
        Reason = message;
    }

    /// <summary>Creates the exception for one reviewer and field.</summary>
    public UnreadableReviewerException(string reviewerId, string field, string reason, Exception? innerException = null)
        : base($"The stored profile of reviewer '{reviewerId}' cannot be read at {field}: {reason}", innerException)
    {
        ReviewerId = reviewerId;
        Field = field;
        Reason = reason;
    }

    /// <summary>The reviewer.</summary>
    public string ReviewerId { get; }

    /// <summary>The profile field that cannot be read, as a JSON path of the profile (e.g. <c>$.affiliations</c>).</summary>
    public string Field { get; }

    /// <summary>Why, without the stored content.</summary>
    public string Reason { get; }
}
