using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Domain.Letters;

/// <summary>The letter's JSON shape (camelCase, dates as yyyy-MM-dd, decisions and priority as words) shared by the CLI and other callers.</summary>
public static class LetterJson
{
    /// <summary>Serializer options for letters.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the JSON is written to files and terminals, never into HTML
        Converters = { new StrictEnumConverterFactory() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The letter as JSON.</summary>
    public static string Serialize(DeterminationLetter letter) => JsonSerializer.Serialize(letter, Options);

    /// <summary>A letter from JSON.</summary>
    /// <exception cref="JsonException">The JSON does not have the letter's shape; the message names the path.</exception>
    public static DeterminationLetter Deserialize(string json) =>
        JsonSerializer.Deserialize<DeterminationLetter>(json, Options) ?? throw new JsonException("The JSON is null, not a letter.");
}
