namespace Imr.Storage;

/// <summary>
/// Checks a medical record's file name before it becomes part of a blob path, so a name can never climb out of
/// <c>cases/{caseNumber}/records/</c> or smuggle in characters that mean something else downstream.
/// </summary>
public static class RecordFileName
{
    /// <summary>The longest file name accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the reason when <paramref name="fileName"/> is not a safe, plain file name.</summary>
    public static void Validate(string? fileName, string parameterName = "fileName")
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ArgumentException("The record file name is empty.", parameterName);
        }

        if (fileName.Length > MaxLength)
        {
            throw new ArgumentException($"The record file name is {fileName.Length} characters long; at most {MaxLength} are allowed.", parameterName);
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("The record file name contains a path separator ('/' or '\\'); give a plain file name.", parameterName);
        }

        if (fileName.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException("The record file name contains '..'; parent-directory references are not allowed.", parameterName);
        }

        if (fileName.Any(char.IsControl))
        {
            throw new ArgumentException("The record file name contains a control character.", parameterName);
        }

        if (fileName != fileName.Trim())
        {
            throw new ArgumentException("The record file name starts or ends with white space.", parameterName);
        }

        if (fileName.EndsWith('.'))
        {
            throw new ArgumentException("The record file name ends with '.'.", parameterName);
        }
    }
}
