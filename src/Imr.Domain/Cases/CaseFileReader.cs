using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Imr.Domain.Input;

namespace Imr.Domain.Cases;

/// <summary>
/// Reads the JSON of a case file (camelCase, enums as names, dates as yyyy-MM-dd) into a <see cref="CaseFile"/>.
/// Whatever the input, nothing throws: every failure comes back as a <see cref="ValidationProblem"/> with a JSON path.
/// </summary>
public static class CaseFileReader
{
    /// <summary>Largest document accepted; a case file holds references to records, never the records.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Deepest nesting accepted; the schema itself needs four levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>The serializer options of the case-file schema; also right for writing a case file.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Reads UTF-8 JSON bytes (a leading byte-order mark is allowed).</summary>
    public static CaseFileReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.Length > MaxBytes)
        {
            return Refused("$", $"The document is {utf8Json.Length} bytes; the limit is {MaxBytes} bytes.");
        }

        if (FirstInvalidUtf8(utf8Json) is { } offset)
        {
            return Refused("$", $"The document is not valid UTF-8 text (bad byte sequence at byte {offset}).");
        }

        if (utf8Json.IsEmpty || utf8Json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return Refused("$", "The document is empty; expected a JSON object.");
        }

        try
        {
            var caseFile = JsonSerializer.Deserialize<CaseFile>(utf8Json, Options);
            return caseFile is null
                ? Refused("$", "The document is null; expected a JSON object.")
                : new CaseFileReadResult(caseFile, []);
        }
        catch (JsonException ex)
        {
            return Refused(ex.Path ?? "$", Explain(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            // The serializer wraps almost everything in JsonException; this is the safety net for what it does not.
            return Refused("$", "The document could not be read as a case file.");
        }
    }

    /// <summary>Reads JSON text. Text with unpaired surrogates cannot be UTF-8 and is refused.</summary>
    public static CaseFileReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxBytes)
        {
            return Refused("$", $"The document is longer than the limit of {MaxBytes} bytes.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            if (System.Text.Unicode.Utf8.FromUtf16(json, buffer, out var read, out var written, replaceInvalidSequences: false)
                != OperationStatus.Done)
            {
                return Refused("$", $"The document is not valid Unicode text (unpaired surrogate at character {read}).");
            }

            return Read(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads and then validates against the schema's rules as of the California date of <paramref name="at"/>
    /// (<see cref="CaseFileValidator.TodayAt"/>): what the submission check and the acceptance step both call.
    /// </summary>
    public static CaseFileReadResult ReadAndValidate(ReadOnlySpan<byte> utf8Json, DateTimeOffset at) =>
        ReadAndValidate(utf8Json, CaseFileValidator.TodayAt(at));

    /// <summary>Reads and then validates against the schema's rules as of <paramref name="today"/>.</summary>
    public static CaseFileReadResult ReadAndValidate(ReadOnlySpan<byte> utf8Json, DateOnly today)
    {
        var read = Read(utf8Json);
        return read.CaseFile is null ? read : read with { Problems = CaseFileValidator.Validate(read.CaseFile, today) };
    }

    /// <summary>Reads and then validates against the schema's rules as of <paramref name="today"/>.</summary>
    public static CaseFileReadResult ReadAndValidate(string json, DateOnly today)
    {
        var read = Read(json);
        return read.CaseFile is null ? read : read with { Problems = CaseFileValidator.Validate(read.CaseFile, today) };
    }

    private static CaseFileReadResult Refused(string path, string reason) => new(null, [new ValidationProblem(path, reason)]);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            MaxDepth = MaxDepth,
            // A schema'd document: an unknown property is most likely a misspelt known one, so refuse it by name.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        // A case file names every enum value: no numbers, no comma lists.
        options.Converters.Add(new StrictEnumConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
            return read;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string Explain(JsonException ex)
    {
        var message = ex.Message;
        var where = ex.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1})")
            : "";

        if (message.StartsWith(StrictEnum.ReasonPrefix, StringComparison.Ordinal))
        {
            return message;
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown property '{LastSegment(ex.Path)}': the case-file schema does not define it (check the spelling and camelCase).";
        }

        if (message.Contains("Duplicate property", StringComparison.Ordinal))
        {
            return $"The property '{LastSegment(ex.Path)}' appears more than once.";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"The document is nested more than {MaxDepth} levels deep{where}.";
        }

        if (ex.InnerException?.GetType().Name == "JsonReaderException"
            || message.Contains("invalid start of a value", StringComparison.Ordinal)
            || message.Contains("Expected depth to be zero", StringComparison.Ordinal))
        {
            return $"The document is not well-formed JSON{where}.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var expected = ExpectedAt(ex.Path);
            return expected is null ? $"The value does not fit the case-file schema{where}." : $"Expected {expected}.";
        }

        return $"The value does not fit the case-file schema{where}.";
    }

    private static string LastSegment(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "$";
        }

        var segment = path[(path.LastIndexOfAny(['.', '[']) + 1)..].Trim('\'', ']', '[');
        // The name comes from the sender: keep it short so a reason can never carry a record's text.
        return segment.Length > 64 ? segment[..64] + "…" : segment;
    }

    /// <summary>Walks the path through the CaseFile type to name what the value should have been.</summary>
    private static string? ExpectedAt(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        Type type = typeof(CaseFile);
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                var name = end < 0 ? path[(i + 1)..] : path[(i + 1)..end];
                var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), name, StringComparison.Ordinal));
                if (property is null)
                {
                    return null;
                }

                type = property.PropertyType;
                i = end < 0 ? path.Length : end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                var element = ElementType(type);
                if (end < 0 || element is null)
                {
                    return null;
                }

                type = element;
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return Describe(type);
    }

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(decimal) || type == typeof(int))
        {
            return "a number";
        }

        if (type == typeof(DateOnly))
        {
            return "a date written yyyy-MM-dd";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return ElementType(type) is not null ? "an array" : "an object";
    }
}
