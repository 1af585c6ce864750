using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Imr.Functions.Tests.Deployment;

/// <summary>azure.yaml, infra/main.parameters.json, the hooks and host.json agree with infra/main.bicep.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class AzdWiringTests(InfrastructureFixture infra)
{
    private static string AzureYaml => File.ReadAllText(Path.Combine(RepositoryLayout.Root, "azure.yaml"));

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service()
    {
        // azure.yaml is small and flat; reading it line by line avoids a YAML dependency for four facts.
        var service = ServiceBlock().Match(AzureYaml);

        service.Success.ShouldBeTrue("azure.yaml has no 'services: api:' block");
        var block = service.Groups["body"].Value;
        block.ShouldContain("project: ./src/Imr.Functions");
        block.ShouldContain("language: dotnet");
        block.ShouldContain("host: function");
        File.Exists(Path.Combine(RepositoryLayout.Root, "src", "Imr.Functions", "Imr.Functions.csproj")).ShouldBeTrue();
    }

    [Fact]
    public void Azure_yaml_points_at_infra_main_bicep()
    {
        AzureYaml.ShouldContain("provider: bicep");
        AzureYaml.ShouldContain("path: infra");
        AzureYaml.ShouldContain("module: main");
        File.Exists(Path.Combine(RepositoryLayout.Infra, "main.bicep")).ShouldBeTrue();
    }

    [Fact]
    public void Every_hook_script_azure_yaml_runs_exists()
    {
        var scripts = HookScript().Matches(AzureYaml).Select(m => m.Groups["path"].Value).ToList();

        scripts.ShouldContain("./infra/hooks/preprovision.sh");
        scripts.ShouldContain("./infra/hooks/postdeploy.sh");
        scripts.ShouldContain("./infra/hooks/postprovision.sh");
        foreach (var script in scripts)
        {
            File.Exists(Path.Combine(RepositoryLayout.Root, script)).ShouldBeTrue($"{script} is missing");
        }
    }

    [Fact]
    public void Postdeploy_hook_runs_the_second_pass_with_event_subscriptions()
    {
        var posix = File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "hooks", "postdeploy.sh"));
        var preprovision = File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "hooks", "preprovision.sh"));

        posix.ShouldContain("azd env set DEPLOY_EVENT_SUBSCRIPTIONS true");
        posix.ShouldContain("azd provision --no-prompt");
        preprovision.ShouldContain("azd env set DEPLOY_EVENT_SUBSCRIPTIONS false");
        ParametersFile()["deployEventSubscriptions"]!["value"]!.ToString().ShouldContain("${DEPLOY_EVENT_SUBSCRIPTIONS");
    }

    [UnixTheory]
    [InlineData("preprovision.sh")]
    [InlineData("postdeploy.sh")]
    [InlineData("postprovision.sh")]
    [InlineData("entra-app.sh")]
    public void Posix_hooks_parse_as_sh(string hook)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Path.Combine(RepositoryLayout.Infra, "hooks", hook));
        using var sh = System.Diagnostics.Process.Start(start)!;
        var errors = sh.StandardError.ReadToEnd();
        sh.WaitForExit();

        sh.ExitCode.ShouldBe(0, errors);
    }

    [Fact]
    public void Parameters_file_sets_only_declared_parameters_and_every_required_one()
    {
        var declared = infra.Template.Root["parameters"]!.AsObject();
        var provided = ParametersFile();

        provided.Select(p => p.Key).ShouldBeSubsetOf(declared.Select(p => p.Key));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key).ToList();
        required.ShouldBe(["environmentName", "location"], ignoreOrder: true);
        required.ShouldBeSubsetOf(provided.Select(p => p.Key));
        ((string?)provided["environmentName"]!["value"]).ShouldBe("${AZURE_ENV_NAME}");
        ((string?)provided["location"]!["value"]).ShouldBe("${AZURE_LOCATION}");
        ((string?)provided["principalId"]!["value"]).ShouldBe("${AZURE_PRINCIPAL_ID}");
    }

    [Fact]
    public void Every_setting_host_json_reads_is_an_app_setting()
    {
        var hostJson = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "host.json"));
        var referenced = PercentSetting().Matches(hostJson).Select(m => m.Groups["name"].Value).Distinct().ToList();
        var appSettings = infra.Minimal.AppSettings;

        referenced.ShouldNotBeEmpty();
        foreach (var name in referenced)
        {
            appSettings.Keys.ShouldContain(name, $"host.json reads %{name}% but the function app does not set it");
            appSettings[name].ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Deploy_guide_explains_every_variable_the_parameters_file_reads()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "deploy.md"));
        var variables = AzdVariable().Matches(ParametersFile().ToJsonString()).Select(m => m.Groups["name"].Value).Distinct().ToList();

        variables.ShouldContain("DEPLOY_EVENT_SUBSCRIPTIONS");
        foreach (var variable in variables.Where(v => v is not ("AZURE_ENV_NAME" or "AZURE_LOCATION" or "AZURE_PRINCIPAL_ID")))
        {
            guide.ShouldContain($"`{variable}`", customMessage: $"docs/deploy.md does not mention {variable}");
        }
    }

    [Fact]
    public void The_app_registration_carries_exactly_the_roles_the_api_checks()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "entra", "app-roles.json")))!.AsArray();

        roles.Select(r => (string?)r!["value"]).ShouldBe(Imr.Http.CallerRoles.All, ignoreOrder: true);
        roles.Select(r => (string?)r!["id"]).Distinct().Count().ShouldBe(roles.Count);
        foreach (var role in roles)
        {
            ((bool?)role!["isEnabled"]).ShouldBe(true);
            role["allowedMemberTypes"]!.AsArray().Select(t => (string?)t).ShouldBe(["User"]);
        }
    }

    [Fact]
    public void The_hooks_create_the_app_registration_once_and_point_its_sign_in_callback_at_the_function_app()
    {
        var hook = File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "hooks", "entra-app.sh"));

        File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "hooks", "preprovision.sh")).ShouldContain("entra-app.sh\" create");
        File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "hooks", "postprovision.sh")).ShouldContain("entra-app.sh\" redirect");
        hook.ShouldContain("--app-roles \"@$roles\"");
        hook.ShouldContain("azd env set IMR_ENTRA_CLIENT_ID");
        hook.ShouldContain("/.auth/login/aad/callback");
        hook.ShouldNotContain("credential reset");
        ParametersFile()["entraClientId"]!["value"]!.ToString().ShouldContain("${IMR_ENTRA_CLIENT_ID");
    }

    [Fact]
    public void The_console_address_is_an_output_under_the_function_app()
    {
        var output = infra.Template.Root["outputs"]!["AZURE_CONSOLE_URL"]!;

        var value = ((string?)output["value"]).ShouldNotBeNull();
        value.ShouldStartWith("[format('https://{0}/api/console/', ");
        value.ShouldContain("'function-app')");
        value.ShouldEndWith(".outputs.defaultHostName.value)]");
    }

    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

    [GeneratedRegex(@"^services:\s*\n\s+api:\s*\n(?<body>(?:\s{4,}.*\n?)+)", RegexOptions.Multiline)]
    private static partial Regex ServiceBlock();

    [GeneratedRegex(@"run:\s*(?<path>\./\S+)")]
    private static partial Regex HookScript();

    [GeneratedRegex(@"\$\{(?<name>[A-Z_][A-Z0-9_]*)")]
    private static partial Regex AzdVariable();

    [GeneratedRegex(@"%(?<name>[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex PercentSetting();
}
