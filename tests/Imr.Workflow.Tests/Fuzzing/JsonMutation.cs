using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Imr.Workflow.Tests.Fuzzing;

/// <summary>
/// Damaged variants of a valid JSON document: properties deleted, renamed or repeated, values swapped for nulls, other types,
/// huge numbers, deep nesting and hostile strings, and bytes changed, inserted or removed.
/// </summary>
internal static class JsonMutation
{
    private const int Kinds = 11;

    // Raw JSON put in place of a value: what a typed reader must refuse or take, never throw on.
    private static readonly string[] RawValues =
    [
        "null", "true", "false", "0", "-0", "-1", "1.5", "1e999", "-1e999", "1e308", "123456789012345678901234567890", "2147483648",
        "0.000000000000000000000000001", "\"\"", "\"  \"", "\"1\"", "\"Upheld\"", "\"upheld\"", "\"Overturned, Upheld\"", "\"Active\"",
        "\"Paused\"", "\"CA\"", "\"ca\"", "\"2030-01-01\"", "\"2030-02-30\"", "\"9999-12-31T23:59:59Z\"", "[]", "{}", "[null]", "[{}]",
        "[1, \"a\", null]", "{\"a\": 1}", "\"\\u0000\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"a\\u202Eb\"", "\"a\\u200Bb\"", "\"a\\r\\nb\"",
        "\"a\\nb\"", "\"\\n\\nFINAL DETERMINATION: ALL ITEMS OVERTURNED\"", "\"MAXIMUS guideline:\"", "\"Decision rationale: x\"",
        "\"Page 1 of 2\"", "\"CM13-0000001\"", "\"😀\"", "\"日本\"", "\"e\\u0301\"", "\"\\t\"", "\"\\f\"", "\"\\\\\"", "\"</script>\"",
        Deep('[', ']', 40), Deep('[', ']', 20), DeepObject(40), DeepObject(20), "\"" + new string('x', 70_000) + "\"",
        "[" + string.Join(",", Enumerable.Repeat("{}", 2000)) + "]",
    ];

    private static readonly string[] Names = ["id", "Id", "ID", "name", "decision", "items", "licenses", "state", "bogus", "", "$type", "__proto__"];

    /// <summary>Variants of <paramref name="seedJson"/> with one to six edits, about one in five also damaged byte by byte.</summary>
    public static Gen<byte[]> Of(string seedJson)
    {
        var edit = Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 10_000], Gen.Int[0, 10_000]);
        var bytes = Gen.Select(Gen.Int[0, 1_000_000], Gen.Byte, Gen.Int[0, 2]);
        return Gen.Select(edit.Array[1, 6], Gen.Frequency((4, Gen.Const(Array.Empty<(int, byte, int)>())), (1, bytes.Array[1, 4])))
            .Select((edits, damage) => Damage(Apply(seedJson, edits), damage));
    }

    private static byte[] Apply(string seedJson, (int Kind, int Where, int What)[] edits)
    {
        var root = JsonNode.Parse(seedJson)!;
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, where, what) in edits)
        {
            var slots = Slots(root);
            if (slots.Count == 0)
            {
                break;
            }

            var (parent, key, index) = slots[where % slots.Count];
            var node = key is not null ? parent.AsObject()[key] : parent.AsArray()[index];
            switch (kind)
            {
                case 0: // delete
                    Remove(parent, key, index);
                    break;
                case 1: // null
                    Set(parent, key, index, null);
                    break;
                case 2 or 3: // a raw value of another kind
                    Set(parent, key, index, Marker(raw, RawValues[what % RawValues.Length]));
                    break;
                case 4 when parent is JsonObject obj && key is not null: // the same property again, with another value
                    obj[Marker(raw, Quoted(key))] = Marker(raw, RawValues[what % RawValues.Length]);
                    break;
                case 5 when parent is JsonObject obj && key is not null: // renamed: unknown, other case, empty
                    obj.Remove(key);
                    obj[Names[what % Names.Length] + (what % 3 == 0 ? "" : key.ToUpperInvariant())] = node;
                    break;
                case 6: // wrapped in an array
                    Set(parent, key, index, new JsonArray(node?.DeepClone()));
                    break;
                case 7 when node is JsonValue value && value.TryGetValue<string>(out var text): // hostile text inside a string
                    var insert = Hostile[what % Hostile.Length];
                    var at = text.Length == 0 ? 0 : what % (text.Length + 1);
                    Set(parent, key, index, text[..at] + insert + text[at..]);
                    break;
                case 8: // a copy of another part of the document
                    var other = slots[what % slots.Count];
                    var copy = other.Key is not null ? other.Parent.AsObject()[other.Key] : other.Parent.AsArray()[other.Index];
                    Set(parent, key, index, copy?.DeepClone());
                    break;
                case 9 when node is JsonArray array: // an array element repeated or emptied
                    if (array.Count > 0 && what % 2 == 0)
                    {
                        array.Add(array[what % array.Count]?.DeepClone());
                    }
                    else
                    {
                        array.Clear();
                    }

                    break;
                default: // an extra property
                    if (node is JsonObject target)
                    {
                        target[Names[what % Names.Length]] = Marker(raw, RawValues[(what / 7) % RawValues.Length]);
                    }

                    break;
            }
        }

        var json = root.ToJsonString();
        foreach (var (marker, replacement) in raw)
        {
            json = json.Replace("\"" + marker + "\"", replacement, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(json);
    }

    private static readonly string[] Hostile =
    [
        "\u0000", "\u0007", "\f", "\r", "\n", "\n\n", "\u202E", "\u200B", "\uFEFF", "\u2028", "😀", "日本", "\u00AD", "\u00A0", "e\u0301",
        "\nMAXIMUS guideline: x\n", "\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\n", "\nPage 2 of 3\n", ": Upheld", " QTY: 3",
        " was the original request. ", new string('w', 5000), "\"", "\\", "'", "%s", "{0}",
    ];

    private static string Marker(Dictionary<string, string> raw, string replacement)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"@@raw{raw.Count}@@");
        raw[marker] = replacement;
        return marker;
    }

    private static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode root)
    {
        var slots = new List<(JsonNode, string?, int)>();
        Walk(root);
        return slots;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj.ToList())
                    {
                        slots.Add((obj, name, -1));
                        Walk(child);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add((array, null, i));
                        Walk(array[i]);
                    }

                    break;
            }
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (key is not null)
        {
            parent.AsObject().Remove(key);
        }
        else
        {
            parent.AsArray().RemoveAt(index);
        }
    }

    private static byte[] Damage(byte[] json, (int At, byte Value, int Kind)[] edits)
    {
        var bytes = json.ToList();
        foreach (var (at, value, kind) in edits)
        {
            var i = at % bytes.Count;
            switch (kind)
            {
                case 0: bytes[i] = value; break;
                case 1: bytes.Insert(i, value); break;
                default: if (bytes.Count > 1) { bytes.RemoveAt(i); } break;
            }
        }

        return [.. bytes];
    }

    private static string Deep(char open, char close, int depth) => new string(open, depth) + new string(close, depth);

    private static string DeepObject(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
