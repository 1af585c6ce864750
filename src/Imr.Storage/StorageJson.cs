using System.Text.Json;
using System.Text.Json.Serialization;
using Imr.Domain.Input;

namespace Imr.Storage;

/// <summary>The one JSON shape the storage layer writes: camelCase, enums as names, no indentation.</summary>
internal static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new StrictEnumConverterFactory() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(string json, string column) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Column '{column}' holds JSON null where a value was expected.");
}
