using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Imr.Domain.Cases;

/// <summary>An IMR case number, formatted <c>CMyy-nnnnnnn</c> as DWC prints it on every letter.</summary>
[JsonConverter(typeof(CaseNumberJsonConverter))]
public readonly record struct CaseNumber
{
    private CaseNumber(int year, int sequence)
    {
        Year = year;
        Sequence = sequence;
    }

    /// <summary>The two-digit year of the application (0–99).</summary>
    public int Year { get; }

    /// <summary>The sequence within that year, 1 to 9,999,999.</summary>
    public int Sequence { get; }

    /// <summary>Creates a case number from a two-digit year and a sequence.</summary>
    public static CaseNumber Create(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 99);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 9_999_999);
        return new CaseNumber(year, sequence);
    }

    /// <summary>Parses <c>CMyy-nnnnnnn</c>; the letters are case-insensitive.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CaseNumber caseNumber)
    {
        caseNumber = default;
        if (text is null || text.Length != 12 || !text.StartsWith("CM", StringComparison.OrdinalIgnoreCase) || text[4] != '-')
        {
            return false;
        }

        var yearText = text.AsSpan(2, 2);
        var sequenceText = text.AsSpan(5, 7);
        if (!IsDigits(yearText) || !IsDigits(sequenceText))
        {
            return false;
        }

        var year = int.Parse(yearText, CultureInfo.InvariantCulture);
        var sequence = int.Parse(sequenceText, CultureInfo.InvariantCulture);
        if (sequence < 1)
        {
            return false;
        }

        caseNumber = new CaseNumber(year, sequence);
        return true;
    }

    /// <summary>Parses a case number or throws <see cref="FormatException"/> naming the expected format.</summary>
    public static CaseNumber Parse(string text) =>
        TryParse(text, out var caseNumber)
            ? caseNumber
            : throw new FormatException($"'{text}' is not a case number; expected CMyy-nnnnnnn.");

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CM{Year:00}-{Sequence:0000000}");

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Reads and writes a <see cref="CaseNumber"/> as its printed form.</summary>
public sealed class CaseNumberJsonConverter : JsonConverter<CaseNumber>
{
    /// <inheritdoc />
    public override CaseNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return CaseNumber.TryParse(text, out var caseNumber)
            ? caseNumber
            : throw new JsonException("A case number must be a string formatted CMyy-nnnnnnn.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CaseNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
