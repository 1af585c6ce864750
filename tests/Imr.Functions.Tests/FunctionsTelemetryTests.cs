using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Imr.Functions.Tests;

/// <summary>OpenTelemetry to Application Insights only when a connection string is configured, signed in with the app's identity.</summary>
public sealed class FunctionsTelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/";

    [Fact]
    public void Without_a_connection_string_nothing_is_exported()
    {
        using var provider = Services().BuildServiceProvider();

        provider.GetService<TracerProvider>().ShouldBeNull();
    }

    [Fact]
    public void With_a_connection_string_traces_go_to_Azure_Monitor_as_the_apps_user_assigned_identity()
    {
        using var provider = Services(
            (FunctionsTelemetry.ConnectionStringSetting, ConnectionString),
            (FunctionsTelemetry.AuthenticationSetting, "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD")).BuildServiceProvider();

        provider.GetService<TracerProvider>().ShouldNotBeNull();
        var exporter = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        exporter.ConnectionString.ShouldBe(ConnectionString);
        exporter.Credential.ShouldBeOfType<Azure.Identity.ManagedIdentityCredential>();
    }

    [Theory]
    [InlineData("ClientId=abc;Authorization=AAD", "ClientId", "abc")]
    [InlineData(" authorization = AAD ", "Authorization", "AAD")]
    [InlineData("Authorization=AAD", "ClientId", null)]
    [InlineData(null, "Authorization", null)]
    public void The_authentication_setting_is_read_part_by_part(string? value, string key, string? expected) =>
        FunctionsTelemetry.Setting(value, key).ShouldBe(expected);

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImrTelemetry(configuration);
        return services;
    }
}
