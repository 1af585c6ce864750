namespace Imr.Workflow.Ports;

/// <summary>The formats a letter is stored in.</summary>
public enum LetterFormat
{
    /// <summary>Plain text laid out like <c>pdftotext -layout</c>.</summary>
    Text,

    /// <summary>PDF.</summary>
    Pdf,
}
