using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Imr.Domain.Input;

/// <summary>
/// The one way input text becomes an enum value: only a defined name, compared ignoring case ("Upheld", "upheld").
/// Numbers ("1"), comma lists ("Upheld, Overturned") and padded text are refused, unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>.
/// </summary>
public static class StrictEnum
{
    /// <summary>How every refusal's reason begins, so readers can pass it on as it is.</summary>
    public const string ReasonPrefix = "Expected one of ";

    /// <summary>Reads <paramref name="text"/> as a defined name of <typeparamref name="TEnum"/>.</summary>
    public static bool TryParse<TEnum>([NotNullWhen(true)] string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        if (text is not null)
        {
            foreach (var (name, candidate) in Names<TEnum>.All)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads a name this system wrote itself (a storage column); anything else is an <see cref="InvalidDataException"/>.</summary>
    public static TEnum Parse<TEnum>(string? text)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new InvalidDataException(Expected<TEnum>());

    /// <summary>The reason given when a value is not one of the names, e.g. "Expected one of Upheld, Overturned (the name as a JSON string).".</summary>
    public static string Expected<TEnum>()
        where TEnum : struct, Enum =>
        Names<TEnum>.Expected;

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly (string Name, TEnum Value)[] All = [.. Enum.GetNames<TEnum>().Select(name => (name, Enum.Parse<TEnum>(name)))];

        public static readonly string Expected = $"{ReasonPrefix}{string.Join(", ", All.Select(n => n.Name))} (the name, as text).";
    }
}

/// <summary>Reads and writes an enum as its name only, through <see cref="StrictEnum"/>; numbers and comma lists are refused.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && StrictEnum.TryParse<TEnum>(reader.GetString(), out var value)
            ? value
            : throw new JsonException(StrictEnum.Expected<TEnum>());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf(value));
    }

    /// <inheritdoc />
    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StrictEnum.TryParse<TEnum>(reader.GetString(), out var value) ? value : throw new JsonException(StrictEnum.Expected<TEnum>());

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(NameOf(value));
    }

    // A value without a name would be written as a number no reader here accepts; refuse to write it instead.
    private static string NameOf(TEnum value) =>
        Enum.GetName(value) ?? throw new JsonException($"{typeof(TEnum).Name} has no name for the value {value:D}.");
}

/// <summary>Applies <see cref="StrictEnumConverter{TEnum}"/> to every enum, for serializer options that read input.</summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsEnum;
    }

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}
