using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Imr.Functions.Tests.Deployment;

/// <summary>
/// What a deployment of infra/main.bicep would create for given parameters, from `bicep snapshot`: conditions and loops
/// are evaluated and module parameters flow through; values known only in Azure stay as reference() expressions.
/// </summary>
public sealed class DeploymentSnapshot
{
    /// <summary>Subscription the snapshot pretends to deploy into.</summary>
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";

    /// <summary>Tenant the snapshot pretends to deploy into.</summary>
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";

    private DeploymentSnapshot(IReadOnlyList<JsonObject> resources, JsonObject outputs, JsonArray diagnostics, BicepRun run)
    {
        Resources = resources;
        Outputs = outputs;
        Diagnostics = diagnostics;
        Run = run;
    }

    /// <summary>Every resource the deployment would create, in deployment order.</summary>
    public IReadOnlyList<JsonObject> Resources { get; }

    /// <summary>The deployment's outputs.</summary>
    public JsonObject Outputs { get; }

    /// <summary>Diagnostics bicep recorded while evaluating.</summary>
    public JsonArray Diagnostics { get; }

    /// <summary>The bicep run that produced this snapshot.</summary>
    public BicepRun Run { get; }

    /// <summary>Writes a .bicepparam for <paramref name="parameters"/> in <paramref name="workFolder"/> and evaluates main.bicep with it.</summary>
    public static DeploymentSnapshot Create(BicepCli bicep, string workFolder, string scenario, IReadOnlyDictionary<string, object> parameters)
    {
        var mainBicep = Path.Combine(RepositoryLayout.Infra, "main.bicep");

        // bicep refuses absolute paths in `using`, so the parameter file points at main.bicep relatively.
        var relative = Path.GetRelativePath(workFolder, mainBicep).Replace('\\', '/');
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"using '{relative}'\n");
        foreach (var (name, value) in parameters)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {BicepLiteral(value)}\n");
        }

        var parameterFile = Path.Combine(workFolder, scenario + ".bicepparam");
        File.WriteAllText(parameterFile, text.ToString());

        var run = bicep.Run(workFolder, "snapshot", parameterFile, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId);
        run.ExitCode.ShouldBe(0, run.Describe());

        var snapshotFile = Path.ChangeExtension(parameterFile, ".snapshot.json");
        File.Exists(snapshotFile).ShouldBeTrue($"bicep snapshot wrote no {snapshotFile}\n{run.Describe()}");
        var root = JsonNode.Parse(File.ReadAllText(snapshotFile))!.AsObject();
        var resources = root["predictedResources"]!.AsArray().OfType<JsonObject>().ToList();
        return new DeploymentSnapshot(resources, root["outputs"] as JsonObject ?? [], root["diagnostics"] as JsonArray ?? [], run);
    }

    /// <summary>Resources of one ARM type.</summary>
    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The one resource of <paramref name="type"/>.</summary>
    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        matches.Count.ShouldBe(1, $"expected exactly one {type} in the snapshot");
        return matches[0];
    }

    /// <summary>The last segment of each resource name of <paramref name="type"/> (e.g. container names).</summary>
    public IReadOnlyList<string> ChildNames(string type) =>
        OfType(type).Select(r => ((string)r["name"]!).Split('/')[^1]).ToList();

    /// <summary>The function app's settings as name to value (expressions stay as text).</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string?)s!["value"] ?? "", StringComparer.Ordinal);

    /// <summary>Role assignments as (role definition GUID, principal id, scope resource id).</summary>
    public IReadOnlyList<(string Role, string Principal, string Scope)> RoleAssignments =>
        OfType("Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var id = (string)r["id"]!;
            var scopeEnd = id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase);
            var scope = id.StartsWith("[extensionResourceId('", StringComparison.Ordinal)
                ? id["[extensionResourceId('".Length..id.IndexOf('\'', "[extensionResourceId('".Length)]
                : scopeEnd >= 0 ? id[..scopeEnd] : id;
            var role = ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1];
            return (role, (string)r["properties"]!["principalId"]!, scope);
        }).ToList();

    private static string BicepLiteral(object value) => value switch
    {
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unsupported parameter value type {value.GetType().Name}.", nameof(value)),
    };
}
