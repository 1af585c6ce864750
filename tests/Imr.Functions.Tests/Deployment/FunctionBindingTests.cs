using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace Imr.Functions.Tests.Deployment;

/// <summary>The triggers in src/Imr.Functions and the infrastructure agree: names, sources, connections and settings.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class FunctionBindingTests(InfrastructureFixture infra)
{
    private const string EventSubscriptions = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    private static readonly Assembly FunctionsApp = Assembly.Load(new AssemblyName("Imr.Functions"));

    /// <summary>Every [Function] method with the blob trigger on one of its parameters.</summary>
    private static List<(string Function, BlobTriggerAttribute Trigger)> BlobTriggers() =>
        FunctionMethods()
            .SelectMany(m => m.Method.GetParameters()
                .Select(p => p.GetCustomAttribute<BlobTriggerAttribute>())
                .OfType<BlobTriggerAttribute>()
                .Select(t => (m.Name, t)))
            .ToList();

    private static IEnumerable<(string Name, MethodInfo Method)> FunctionMethods() =>
        FunctionsApp.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Attribute: m.GetCustomAttribute<FunctionAttribute>(), Method: m))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.Name, x.Method));

    [Fact]
    public void The_app_has_blob_triggers_to_check()
    {
        BlobTriggers().ShouldNotBeEmpty();
    }

    [Fact]
    public void Every_blob_trigger_uses_the_event_grid_source()
    {
        // Flex Consumption does not run the polling blob trigger; only Event Grid delivers blobs there.
        BlobTriggers().ShouldAllBe(t => t.Trigger.Source == BlobTriggerSource.EventGrid);
    }

    [Fact]
    public void Every_blob_trigger_connection_is_an_identity_connection_in_the_app_settings()
    {
        var settings = infra.Minimal.AppSettings;

        foreach (var (function, trigger) in BlobTriggers())
        {
            var connection = trigger.Connection ?? "AzureWebJobsStorage";
            settings.Keys.ShouldContain($"{connection}__blobServiceUri", $"{function} uses connection {connection}");
            settings.Keys.ShouldContain($"{connection}__queueServiceUri", $"{function} needs a queue for poison blobs");
            settings[$"{connection}__credential"].ShouldBe("managedidentity");
        }
    }

    [Fact]
    public void Every_event_grid_webhook_calls_a_blob_trigger_on_the_container_it_filters()
    {
        var triggers = BlobTriggers().ToDictionary(t => t.Function, t => t.Trigger, StringComparer.Ordinal);

        foreach (var subscription in infra.Operator.OfType(EventSubscriptions))
        {
            var properties = subscription["properties"]!;
            var function = WebhookFunction().Match((string)properties["destination"]!["properties"]!["endpointUrl"]!).Groups["name"].Value;
            var subject = (string)properties["filter"]!["subjectBeginsWith"]!;

            triggers.Keys.ShouldContain(function, $"the Event Grid webhook calls {function}, which the app does not define");
            var path = triggers[function].BlobPath;
            subject.ShouldBe($"/blobServices/default/containers/{path.Split('/')[0]}/blobs/");
            foreach (var contains in properties["filter"]!["advancedFilters"]?.AsArray().SelectMany(f => f!["values"]!.AsArray()) ?? [])
            {
                ("/" + path + "/").ShouldContain((string)contains!, customMessage: $"the filter for {function} requires a path the trigger never matches");
            }
        }
    }

    [Fact]
    public void Every_blob_trigger_gets_an_event_subscription()
    {
        var targeted = infra.Operator.OfType(EventSubscriptions)
            .Select(s => WebhookFunction().Match((string)s["properties"]!["destination"]!["properties"]!["endpointUrl"]!).Groups["name"].Value)
            .ToList();

        BlobTriggers().Select(t => t.Function).ShouldBeSubsetOf(targeted);
    }

    [Fact]
    public void Every_setting_a_trigger_attribute_reads_is_an_app_setting()
    {
        var settings = infra.Minimal.AppSettings;
        var referenced = FunctionMethods()
            .SelectMany(m => m.Method.GetParameters().SelectMany(p => p.GetCustomAttributes()))
            .SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0)
                .Select(p => p.GetValue(a) as string))
            .OfType<string>()
            .SelectMany(v => PercentSetting().Matches(v).Select(m => m.Groups["name"].Value))
            .Distinct()
            .ToList();

        referenced.ShouldContain("IMR_ESCALATION_SCHEDULE");
        referenced.ShouldBeSubsetOf(settings.Keys);
    }

    [GeneratedRegex(@"functionName=Host\.Functions\.(?<name>[A-Za-z0-9_]+)&")]
    private static partial Regex WebhookFunction();

    [GeneratedRegex(@"%(?<name>[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex PercentSetting();
}
