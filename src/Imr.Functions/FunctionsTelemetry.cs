using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Functions;

/// <summary>
/// The worker's traces, metrics and logs through OpenTelemetry to Application Insights, the Functions-worker way (host.json's
/// <c>telemetryMode</c> is OpenTelemetry, so the host exports its own the same way). Only when a connection string is set:
/// locally and in tests nothing is exported.
/// </summary>
public static class FunctionsTelemetry
{
    /// <summary>The Application Insights connection string setting (endpoint only; the infrastructure disables key ingestion).</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>How the app authenticates to Application Insights: <c>Authorization=AAD</c>, with <c>ClientId=</c> for a user-assigned identity.</summary>
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Adds OpenTelemetry with the Functions worker's defaults and the Azure Monitor exporter, when <see cref="ConnectionStringSetting"/> is set.</summary>
    public static IServiceCollection AddImrTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var authentication = configuration[AuthenticationSetting];
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;

                // Application Insights refuses key-only ingestion here (infra/modules/monitoring.bicep): the app's identity signs in.
                if (Setting(authentication, "Authorization") is { } authorization && authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
                {
                    exporter.Credential = Setting(authentication, "ClientId") is { Length: > 0 } clientId
                        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
                }
            });
        return services;
    }

    /// <summary>One <c>Key=Value</c> part of a <c>;</c>-separated setting, or null.</summary>
    internal static string? Setting(string? value, string key) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim())
            .FirstOrDefault();
}
