namespace Imr.Domain.Letters;

/// <summary>The parts of a letter a reader works through; a parse failure names the one it could not read.</summary>
public enum LetterSection
{
    /// <summary>The file as a whole (empty, not a letter, unreadable PDF).</summary>
    Document,

    /// <summary>The header table: case number, dates, priority.</summary>
    Header,

    /// <summary>HOW THE IMR FINAL DETERMINATION WAS MADE.</summary>
    HowDeterminationWasMade,

    /// <summary>The reviewer's states of licensure and specialties.</summary>
    ReviewerCredentials,

    /// <summary>CLINICAL CASE SUMMARY.</summary>
    ClinicalCaseSummary,

    /// <summary>IMR ISSUES, DECISIONS AND RATIONALES, including each item.</summary>
    IssuesDecisionsAndRationales,
}

/// <summary>A letter could not be read; <see cref="Section"/> says where, and the message says why. No partial letter is returned.</summary>
public sealed class LetterParseException : Exception
{
    /// <summary>Creates the exception for a section, an optional 1-based item number and a reason.</summary>
    public LetterParseException(LetterSection section, string reason, int? itemNumber = null, Exception? inner = null)
        : base(Describe(section, reason, itemNumber), inner)
    {
        Section = section;
        Reason = reason;
        ItemNumber = itemNumber;
    }

    /// <summary>Creates the exception with a message only (section Document).</summary>
    public LetterParseException()
        : this(LetterSection.Document, "the letter could not be read")
    {
    }

    /// <summary>Creates the exception with a message only (section Document).</summary>
    public LetterParseException(string message)
        : this(LetterSection.Document, message)
    {
    }

    /// <summary>Creates the exception with a message and cause (section Document).</summary>
    public LetterParseException(string message, Exception innerException)
        : this(LetterSection.Document, message, null, innerException)
    {
    }

    /// <summary>The section that could not be read.</summary>
    public LetterSection Section { get; }

    /// <summary>Why it could not be read.</summary>
    public string Reason { get; }

    /// <summary>The 1-based disputed item, when the failure is inside one.</summary>
    public int? ItemNumber { get; }

    private static string Describe(LetterSection section, string reason, int? itemNumber) =>
        itemNumber is null
            ? $"Letter section {section} could not be read: {reason}"
            : $"Letter section {section}, item {itemNumber} could not be read: {reason}";
}
