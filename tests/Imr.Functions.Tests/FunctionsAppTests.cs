using Imr.Functions.Http;
using Imr.Functions.Triggers;
using Imr.Functions.Workflow;
using Imr.Workflow.Application;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Imr.Functions.Tests;

/// <summary>The app's container and start-up checks, as the isolated worker builds and starts them.</summary>
public sealed class FunctionsAppTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteInstance.AccountKey +
        ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;";

    [Fact]
    public void The_container_validates_on_build_as_the_worker_validates_it_in_Development()
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071")).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // The worker makes each function class per invocation, and the application services that need a durable client per call.
        foreach (var function in new[] { typeof(CaseFunctions), typeof(ReviewerFunctions), typeof(ReportFunctions), typeof(BlobTriggers), typeof(EscalationTimer), typeof(RetentionTimer), typeof(CaseWorkflowFunctions) })
        {
            ActivatorUtilities.CreateInstance(provider, function).ShouldNotBeNull();
        }

        provider.GetRequiredService<CaseQueries>().ShouldNotBeNull();
        provider.GetRequiredService<SystemHealth>().ShouldNotBeNull();
        provider.GetRequiredService<TimelinessReports>().ShouldNotBeNull();
        foreach (var engineBound in ApplicationServices.EngineBoundServices)
        {
            provider.GetService(engineBound).ShouldBeNull($"{engineBound.Name} needs the invocation's durable client; registered, it fails the worker's validation");
        }
    }

    [Fact]
    public async Task Every_engine_bound_service_is_made_per_invocation_with_the_bindings_client()
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071")).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await using var client = new GrpcDurableTaskClient("invocation", new GrpcDurableTaskClientOptions { Address = "http://127.0.0.1:1" }, NullLogger.Instance);
        var factory = new ApplicationFactory(provider);

        // One engine-bound service may need another (withdrawing a stuck case restarts it through CaseRepair).
        foreach (var engineBound in ApplicationServices.EngineBoundServices)
        {
            var made = typeof(ApplicationFactory).GetMethod(nameof(ApplicationFactory.With))!.MakeGenericMethod(engineBound).Invoke(factory, [client]);
            made.ShouldBeOfType(engineBound);
        }
    }

    [Fact]
    public void Without_WEBSITE_HOSTNAME_the_start_up_fails_naming_it()
    {
        using var provider = Services().BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Message.ShouldContain("WEBSITE_HOSTNAME");
        error.Message.ShouldContain("Webhooks are not configured");
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_malformed_statutory_day_length_fails_the_start_up_naming_it(string value)
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071"), (FunctionsApp.SecondsPerStatutoryDaySetting, value)).BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Message.ShouldContain(FunctionsApp.SecondsPerStatutoryDaySetting);
    }

    [Theory]
    [InlineData("seven years")]
    [InlineData("-1")]
    [InlineData("2555.5")]
    public void A_malformed_retention_period_fails_the_start_up_naming_it(string value)
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071"), (RetentionTimer.RetentionDaysSetting, value)).BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Message.ShouldContain(RetentionTimer.RetentionDaysSetting);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public void A_malformed_consolidation_switch_fails_the_start_up_naming_it(string value)
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071"), (FunctionsApp.ConsolidateSetting, value)).BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Message.ShouldContain(FunctionsApp.ConsolidateSetting);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    public void Consolidation_is_on_only_when_the_switch_says_true(string value, bool on)
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "localhost:7071"), (FunctionsApp.ConsolidateSetting, value)).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<Imr.Workflow.Application.CaseStartSettings>().Consolidate.ShouldBe(on);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("0", 0)]
    [InlineData("2555", 2555)]
    public void A_retention_period_reads_as_whole_days_and_unset_keeps_history_forever(string? value, int days)
    {
        RetentionTimer.TryReadDays(value, out var read).ShouldBeTrue();
        read.ShouldBe(days);
    }

    [Fact]
    public void The_settings_a_host_gives_pass_the_start_up_checks()
    {
        using var provider = Services(("WEBSITE_HOSTNAME", "127.0.0.1:7072"), (FunctionsApp.SecondsPerStatutoryDaySetting, "2.5")).BuildServiceProvider();

        Should.NotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        provider.GetRequiredService<CaseStartSettings>().Timing!.SecondsPerStatutoryDay.ShouldBe(2.5);
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(KeyValuePair.Create("ImrStorage", (string?)Azurite)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImrFunctionsApp(configuration);
        return services;
    }
}
