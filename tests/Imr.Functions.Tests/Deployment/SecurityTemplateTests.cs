using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Imr.Functions.Tests.Deployment;

/// <summary>Security properties read from the ARM JSON that `bicep build` compiles from infra/main.bicep.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class SecurityTemplateTests(InfrastructureFixture infra)
{
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=",
        "SharedAccessSignature",
        "SharedAccessKey",
        "DefaultEndpointsProtocol",
        "sig=",
        "listKeys",
        "listAccountSas",
        "listServiceSas",
        "listConnectionStrings",
    ];

    // Relaxed escaping keeps quotes in ARM expressions readable, so markers and expressions compare as written.
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private CompiledTemplate Template => infra.Template;

    private JsonObject FunctionApp => Template.Single("Microsoft.Web/sites").Properties;

    private IReadOnlyDictionary<string, string> AppSettings =>
        FunctionApp["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(
                s => (string)s!["name"]!,
                s => s!["value"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : s!["value"]?.ToJsonString(Raw) ?? "",
                StringComparer.Ordinal);

    [Fact]
    public void Storage_account_refuses_shared_keys_public_blobs_and_old_tls()
    {
        var storage = Template.Single("Microsoft.Storage/storageAccounts").Properties;

        ((bool?)storage["allowSharedKeyAccess"]).ShouldBe(false);
        ((bool?)storage["allowBlobPublicAccess"]).ShouldBe(false);
        ((string?)storage["minimumTlsVersion"]).ShouldBe("TLS1_2");
        ((bool?)storage["supportsHttpsTrafficOnly"]).ShouldBe(true);
        ((bool?)storage["defaultToOAuthAuthentication"]).ShouldBe(true);
    }

    [Fact]
    public void Every_blob_container_is_private()
    {
        var containers = Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        containers.ShouldNotBeEmpty();
        containers.ShouldAllBe(c => (string?)c.Properties["publicAccess"] == "None");
    }

    [Fact]
    public void Plan_is_flex_consumption_FC1()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms").Json;

        ((string?)plan["sku"]!["name"]).ShouldBe("FC1");
        ((string?)plan["sku"]!["tier"]).ShouldBe("FlexConsumption");
        ((bool?)plan["properties"]!["reserved"]).ShouldBe(true, "Flex Consumption runs on Linux");
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_linux()
    {
        var site = Template.Single("Microsoft.Web/sites").Json;
        var runtime = FunctionApp["functionAppConfig"]!["runtime"]!;

        ((string?)site["kind"]).ShouldBe("functionapp,linux");
        ((string?)runtime["name"]).ShouldBe("dotnet-isolated");
        ((string?)runtime["version"]).ShouldBe("10.0");
    }

    [Fact]
    public void Function_app_deploys_from_a_blob_container_with_its_user_assigned_identity()
    {
        var site = Template.Single("Microsoft.Web/sites").Json;
        var deployment = FunctionApp["functionAppConfig"]!["deployment"]!["storage"]!;

        ((string?)site["identity"]!["type"]).ShouldBe("UserAssigned");
        ((string?)deployment["type"]).ShouldBe("blobContainer");
        ((string?)deployment["authentication"]!["type"]).ShouldBe("UserAssignedIdentity");
        ((string?)deployment["authentication"]!["userAssignedIdentityResourceId"]).ShouldBe("[parameters('identityId')]");
        deployment["authentication"]!["storageAccountConnectionStringName"].ShouldBeNull();
    }

    [Fact]
    public void Function_app_requires_https_tls_12_and_no_basic_publishing_credentials()
    {
        var siteConfig = FunctionApp["siteConfig"]!;
        var policies = Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        ((bool?)FunctionApp["httpsOnly"]).ShouldBe(true);
        ((string?)siteConfig["minTlsVersion"]).ShouldBe("1.2");
        ((string?)siteConfig["ftpsState"]).ShouldBe("Disabled");
        policies.Select(p => p.Name).ShouldBe(
            ["[format('{0}/{1}', parameters('name'), 'scm')]", "[format('{0}/{1}', parameters('name'), 'ftp')]"],
            ignoreOrder: true);
        policies.ShouldAllBe(p => (bool?)p.Properties["allow"] == false);
    }

    [Fact]
    public void App_insights_and_log_analytics_refuse_local_auth()
    {
        var appInsights = Template.Single("Microsoft.Insights/components").Properties;
        var logAnalytics = Template.Single("Microsoft.OperationalInsights/workspaces").Properties;

        ((bool?)appInsights["DisableLocalAuth"]).ShouldBe(true);
        ((bool?)logAnalytics["features"]!["disableLocalAuth"]).ShouldBe(true);
    }

    [Fact]
    public void App_insights_is_reached_with_the_identity_not_the_instrumentation_key()
    {
        AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]
            .ShouldBe("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]");
        AppSettings.Keys.ShouldNotContain("APPINSIGHTS_INSTRUMENTATIONKEY");
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner")]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor")]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher")]
    public void App_identity_is_always_granted_its_data_role(string roleGuid, string roleName)
    {
        var grants = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ((string?)r.Properties["roleDefinitionId"] ?? "").Contains(roleGuid, StringComparison.OrdinalIgnoreCase))
            .ToList();

        grants.ShouldContain(
            r => !r.IsConditional
                && (string?)r.Properties["principalId"] == "[parameters('appPrincipalId')]"
                && (string?)r.Properties["principalType"] == "ServicePrincipal",
            $"{roleName} ({roleGuid}) is not granted unconditionally to the app's identity");
    }

    [Fact]
    public void Deploying_user_roles_are_conditional_on_a_principal_id()
    {
        var userGrants = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => (string?)r.Properties["principalId"] == "[parameters('userPrincipalId')]")
            .ToList();

        userGrants.ShouldNotBeEmpty();
        userGrants.ShouldAllBe(r => (string?)r.Json["condition"] == "[not(empty(parameters('userPrincipalId')))]");
    }

    [Fact]
    public void App_settings_hold_no_key_sas_or_connection_string_with_a_secret()
    {
        foreach (var (name, value) in AppSettings)
        {
            foreach (var marker in SecretMarkers)
            {
                value.ShouldNotContain(marker, Case.Insensitive, $"app setting {name} looks like it carries a secret");
            }
        }
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("ImrStorage")]
    public void Storage_connections_are_identity_based(string connection)
    {
        AppSettings.Keys.ShouldNotContain(connection, "a bare connection setting would be a connection string");
        AppSettings[$"{connection}__credential"].ShouldBe("managedidentity");
        AppSettings[$"{connection}__clientId"].ShouldBe("[parameters('identityClientId')]");
        AppSettings[$"{connection}__blobServiceUri"].ShouldBe("[parameters('blobEndpoint')]");
        AppSettings[$"{connection}__queueServiceUri"].ShouldBe("[parameters('queueEndpoint')]");
        AppSettings[$"{connection}__tableServiceUri"].ShouldBe("[parameters('tableEndpoint')]");
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    public void Settings_that_flex_consumption_rejects_are_absent(string name)
    {
        AppSettings.Keys.ShouldNotContain(name);
    }

    [Fact]
    public void Keys_are_read_only_for_the_event_grid_webhook()
    {
        // The blobs_extension key must reach Event Grid; nowhere else may a template read keys, SAS or connection strings.
        var offenders = new List<string>();
        foreach (var resource in Template.Resources.Where(r => r.Type != "Microsoft.Resources/deployments"))
        {
            var json = resource.Json.DeepClone().AsObject();
            if (resource.Type == "Microsoft.EventGrid/systemTopics/eventSubscriptions")
            {
                json["properties"]!["destination"]!["properties"]!.AsObject().Remove("endpointUrl");
            }

            var text = json.ToJsonString(Raw);
            offenders.AddRange(SecretMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)).Select(m => $"{resource.Type} {resource.Name}: {m}"));
        }

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void No_output_exposes_a_key()
    {
        var outputs = new List<string>();
        foreach (var template in Template.Resources
                     .Where(r => r.Type == "Microsoft.Resources/deployments")
                     .Select(r => r.Properties["template"] as JsonObject)
                     .Append(Template.Root))
        {
            outputs.Add(template?["outputs"]?.ToJsonString(Raw) ?? "");
        }

        outputs.ShouldAllBe(o => !ListFunction().IsMatch(o));
    }

    /// <summary>An ARM list* call such as listKeys( or listSecrets(.</summary>
    [GeneratedRegex(@"\blist[A-Z]\w*\(")]
    private static partial Regex ListFunction();
}
