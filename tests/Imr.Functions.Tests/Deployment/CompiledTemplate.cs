using System.Text.Json.Nodes;

namespace Imr.Functions.Tests.Deployment;

/// <summary>The ARM JSON that `bicep build` produced, with the resources of nested module deployments flattened.</summary>
public sealed class CompiledTemplate
{
    private CompiledTemplate(JsonObject root, IReadOnlyList<TemplateResource> resources)
    {
        Root = root;
        Resources = resources;
    }

    /// <summary>The whole template.</summary>
    public JsonObject Root { get; }

    /// <summary>Every resource, including those inside module deployments (the deployments themselves too).</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>Parses ARM JSON text.</summary>
    public static CompiledTemplate Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The compiled template is empty.");
        var resources = new List<TemplateResource>();
        Collect(root, "main", resources);
        return new CompiledTemplate(root, resources);
    }

    /// <summary>Resources of one ARM type, e.g. Microsoft.Web/sites.</summary>
    public IReadOnlyList<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The one resource of <paramref name="type"/>; fails if there are none or several.</summary>
    public TemplateResource Single(string type)
    {
        var matches = OfType(type);
        matches.Count.ShouldBe(1, $"expected exactly one {type} in the compiled template");
        return matches[0];
    }

    private static void Collect(JsonObject template, string module, List<TemplateResource> into)
    {
        // Templates with languageVersion 2.0 hold resources in an object keyed by symbolic name, older ones in an array.
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject byName => byName.Select(p => p.Value),
            _ => [],
        };

        foreach (var node in resources.OfType<JsonObject>())
        {
            var resource = new TemplateResource(module, node);
            into.Add(resource);
            if (resource.Type == "Microsoft.Resources/deployments" && node["properties"]?["template"] is JsonObject inner)
            {
                Collect(inner, resource.Name, into);
            }
        }
    }
}

/// <summary>One resource in a compiled template and the module it belongs to.</summary>
public sealed record TemplateResource(string Module, JsonObject Json)
{
    /// <summary>ARM resource type.</summary>
    public string Type => (string?)Json["type"] ?? "";

    /// <summary>Name, usually an ARM expression.</summary>
    public string Name => (string?)Json["name"] ?? "";

    /// <summary>Whether the resource is deployed only under a condition.</summary>
    public bool IsConditional => Json["condition"] is not null;

    /// <summary>The resource's properties object, or an empty one.</summary>
    public JsonObject Properties => Json["properties"] as JsonObject ?? [];
}
