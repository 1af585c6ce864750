using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Imr.Domain.Cases;
using Imr.Domain.Input;
using Imr.Workflow.Ports;

namespace Imr.Workflow.Application;

/// <summary>The JSON conventions of the HTTP API and the blob intake: camelCase, enums by name, nulls written.</summary>
public static class ApplicationJson
{
    /// <summary>Options for request and response bodies.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 32,
        Converters = { new StrictEnumConverterFactory() },

        // A misspelt property would otherwise vanish without a word; refuse it by name instead.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

        // A repeated property would otherwise keep its last value without a word ("decision": "Upheld", "decision": "Overturned").
        AllowDuplicateProperties = false,
    };

    /// <summary>SHA-256 of content, lower-case hex, as the storage ports record it.</summary>
    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Reads a request body as <typeparamref name="T"/>; a body that is not JSON of that shape becomes one problem naming
    /// the JSON path the reader stopped at. Never throws for bad input.
    /// </summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> body, out T? value, out IReadOnlyList<ValidationProblem> problems)
        where T : class
    {
        value = null;
        if (body.IsEmpty || body.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            problems = [new ValidationProblem("$", "The body is empty; expected a JSON object.")];
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException ex)
        {
            problems = [new ValidationProblem(ex.Path ?? "$", ReasonFor(ex))];
            return false;
        }

        if (value is null)
        {
            problems = [new ValidationProblem("$", "The body is null; expected a JSON object.")];
            return false;
        }

        problems = [];
        return true;
    }

    /// <summary>A plain reason for a reader failure, without echoing the input (it may hold health information).</summary>
    internal static string ReasonFor(JsonException ex) =>
        ex.Message.StartsWith(StrictEnum.ReasonPrefix, StringComparison.Ordinal)
            ? ex.Message
            : ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal)
            ? $"The property '{DuplicateName(ex.Message)}' appears more than once in one object."
            : ex.Message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase)
            ? "Unknown property."
            : ex.Message.Contains("required properties", StringComparison.OrdinalIgnoreCase)
                ? "A required property is missing."
                : ex.Path is null or "$"
                    ? "The body is not valid JSON."
                    : "The value has the wrong type or format.";

    // The serializer names the repeated property between quotes; a sender's name is kept short so a reason never carries text.
    private static string DuplicateName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal) + 1;
        var end = message.LastIndexOf("' ", StringComparison.Ordinal);
        var name = start > 0 && end >= start ? message[start..end] : "";
        return name.Length > 64 ? name[..64] + "…" : name;
    }
}
