using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Imr.Testing;
using Imr.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Imr.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class QueueNotificationQueueTests(StorageFixture fixture)
{
    [Fact]
    public async Task Sends_a_steps_notices_as_one_message_of_base64_encoded_camel_case_json()
    {
        var caseNumber = StorageFixture.NextCaseNumber();
        var notification = new Notification
        {
            Id = $"{caseNumber}/notice",
            CaseNumber = caseNumber,
            At = Samples.Now,
            Notices =
            [
                new Notice { Id = $"{caseNumber}/notice/employer", Kind = "NoticeOfAssignment", Recipient = "emp-1", Role = "employer", Detail = "servedBy=Mail" },
                new Notice { Id = $"{caseNumber}/notice/records", Kind = "RecordsRequest", Recipient = "ca-1", Reference = $"cases/{caseNumber}/case-file.json", Detail = "records due" },
            ],
        };

        await new QueueNotificationQueue(fixture.Clients).SendAsync(notification);

        // Read with a client that does not decode, to see exactly what is on the wire.
        var raw = new QueueClient(fixture.Azurite.ConnectionString, StorageNames.NotificationsQueue);
        Notification? received = null;
        for (var i = 0; i < 20 && received is null; i++)
        {
            foreach (var message in (await raw.ReceiveMessagesAsync(32)).Value)
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                await raw.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.GetProperty("id").GetString() == notification.Id)
                {
                    document.RootElement.GetProperty("caseNumber").GetString().ShouldBe(caseNumber.ToString());
                    received = JsonSerializer.Deserialize<Notification>(json, JsonSerializerOptions.Web);
                }
            }
        }

        received.ShouldNotBeNull();
        (received.Id, received.CaseNumber, received.At).ShouldBe((notification.Id, notification.CaseNumber, notification.At));
        received.Notices.ShouldBe(notification.Notices);
    }

    [Fact]
    public async Task Refuses_a_notification_without_notices_or_recipient_or_too_large_for_a_queue_message()
    {
        var queue = new QueueNotificationQueue(fixture.Clients);
        var notice = new Notice { Id = "n:Reminder", Kind = "Reminder", Recipient = "r" };
        var valid = new Notification { Id = "n", CaseNumber = StorageFixture.NextCaseNumber(), At = Samples.Now, Notices = [notice] };

        (await Should.ThrowAsync<ArgumentException>(() => queue.SendAsync(valid with { Notices = [] }))).Message.ShouldContain("Notification.Notices is empty");
        (await Should.ThrowAsync<ArgumentException>(() => queue.SendAsync(valid with { Notices = [notice, notice with { Recipient = "" }] }))).Message.ShouldContain("Notification.Notices[1]");
        (await Should.ThrowAsync<ArgumentException>(() => queue.SendAsync(valid with { Notices = [notice with { Detail = new string('x', 60_000) }] }))).Message.ShouldContain("reference, not content");
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class StorageInitializerTests(StorageFixture fixture)
{
    [Fact]
    public async Task Running_the_initializer_again_changes_nothing_and_keeps_content()
    {
        var initializer = new StorageInitializer(fixture.Clients);
        var name = $"keep-{Guid.NewGuid():N}.json";
        await fixture.Clients.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).UploadBlobAsync(name, BinaryData.FromString("{}"));

        await initializer.EnsureCreatedAsync();
        await initializer.EnsureCreatedAsync();

        foreach (var container in StorageNames.Containers)
        {
            (await fixture.Clients.Blobs.GetBlobContainerClient(container).ExistsAsync()).Value.ShouldBeTrue(container);
        }

        var tables = new List<string>();
        await foreach (var table in fixture.Clients.Tables.QueryAsync())
        {
            tables.Add(table.Name);
        }

        tables.ShouldBe(StorageNames.Tables, ignoreOrder: true);
        (await fixture.Clients.Queues.GetQueueClient(StorageNames.NotificationsQueue).ExistsAsync()).Value.ShouldBeTrue();
        (await fixture.Clients.Blobs.GetBlobContainerClient(StorageNames.IntakeContainer).GetBlobClient(name).ExistsAsync()).Value.ShouldBeTrue();
    }

    [Fact]
    public async Task Creates_everything_on_an_empty_account_through_the_hosted_service()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ImrStorage"] = azurite.ConnectionString })
            .Build();
        await using var services = new ServiceCollection().AddImrStorage(configuration).BuildServiceProvider();

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var clients = services.GetRequiredService<StorageClients>();
        (await clients.Blobs.GetBlobContainerClient(StorageNames.QuarantineContainer).ExistsAsync()).Value.ShouldBeTrue();
        (await clients.Queues.GetQueueClient(StorageNames.NotificationsQueue).ExistsAsync()).Value.ShouldBeTrue();
        var allocator = services.GetRequiredService<ICaseNumberAllocator>();
        (await allocator.AllocateAsync(44)).ToString().ShouldBe("CM44-0000001");
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class StorageConfigurationTests(StorageFixture fixture)
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public async Task The_ImrStorage_setting_itself_is_the_connection_string_as_the_blob_triggers_read_it()
    {
        // Connection = "ImrStorage" on a blob trigger makes the Functions blob extension read the setting ImrStorage (or
        // ImrStorage__blobServiceUri); the app reads the same, so one setting serves the triggers and the application.
        await using var provider = new ServiceCollection().AddImrStorage(Configuration(("ImrStorage", fixture.Azurite.ConnectionString))).BuildServiceProvider();

        var blobs = provider.GetRequiredService<StorageClients>().Blobs;
        blobs.Uri.Port.ShouldBe(fixture.Azurite.BlobPort);
        (await blobs.GetBlobContainerClient(StorageNames.IntakeContainer).ExistsAsync()).Value.ShouldBeTrue();
    }

    [Fact]
    public void A_connection_string_under_ImrStorage_ConnectionString_is_not_read_and_the_error_says_what_to_set()
    {
        var error = StartupFailure(Configuration(("ImrStorage:ConnectionString", fixture.Azurite.ConnectionString)));

        error.Message.ShouldContain("set ImrStorage to a connection string");
    }

    [Fact]
    public void Registers_every_port_as_a_singleton()
    {
        var services = new ServiceCollection().AddImrStorage(Configuration(("ImrStorage", fixture.Azurite.ConnectionString)));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ICaseFileStore>().ShouldBeOfType<BlobCaseFileStore>();
        provider.GetRequiredService<IDeterminationStore>().ShouldBeOfType<BlobDeterminationStore>();
        provider.GetRequiredService<ICaseIndex>().ShouldBeOfType<TableCaseIndex>();
        provider.GetRequiredService<IReviewerRegistry>().ShouldBeOfType<TableReviewerRegistry>();
        provider.GetRequiredService<IAuditTrail>().ShouldBeOfType<TableAuditTrail>();
        provider.GetRequiredService<ICaseNumberAllocator>().ShouldBeOfType<TableCaseNumberAllocator>();
        provider.GetRequiredService<IIdempotencyRecords>().ShouldBeOfType<TableIdempotencyRecords>();
        provider.GetRequiredService<INotificationQueue>().ShouldBeOfType<QueueNotificationQueue>();
        provider.GetRequiredService<ICaseIndex>().ShouldBeSameAs(provider.GetRequiredService<ICaseIndex>());
        provider.GetRequiredService<ICaseFileStore>().ShouldBeSameAs(provider.GetRequiredService<BlobCaseFileStore>());
        provider.GetRequiredService<StorageClients>().Counter.ShouldBeSameAs(provider.GetRequiredService<StorageOperationCounter>());
        provider.GetServices<IHostedService>().ShouldContain(s => s is StorageInitializerHostedService);
    }

    [Fact]
    public void The_initializer_is_the_first_hosted_service_even_behind_one_registered_before_it()
    {
        // As the Functions worker registers its own hosted service (which starts taking invocations) before the app's.
        var services = new ServiceCollection().AddLogging();
        services.AddHostedService<EarlierHostedService>();
        services.AddImrStorage(Configuration(("ImrStorage", fixture.Azurite.ConnectionString)));
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IHostedService>().Select(s => s.GetType()).ShouldBe([typeof(StorageInitializerHostedService), typeof(EarlierHostedService)]);
    }

    // What a host does on start: every options validator registered with ValidateOnStart runs, and the first failure stops it.
    private static OptionsValidationException StartupFailure(IConfiguration configuration)
    {
        using var provider = new ServiceCollection().AddImrStorage(configuration).BuildServiceProvider();
        return Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private sealed class EarlierHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Without_a_connection_string_or_service_uris_it_says_what_to_set()
    {
        var error = StartupFailure(Configuration());
        error.Message.ShouldContain("ImrStorage");
        error.Message.ShouldContain("BlobServiceUri");
    }

    [Fact]
    public void Partly_configured_service_uris_name_the_missing_ones()
    {
        var error = StartupFailure(Configuration(("ImrStorage:BlobServiceUri", "https://acct.blob.core.windows.net")));
        error.Message.ShouldContain("ImrStorage:TableServiceUri");
        error.Message.ShouldContain("ImrStorage:QueueServiceUri");
        error.Message.ShouldNotContain("ImrStorage:BlobServiceUri,");
    }

    [Fact]
    public void Service_uris_with_a_managed_identity_build_clients_for_those_endpoints()
    {
        var services = new ServiceCollection().AddImrStorage(Configuration(
            ("ImrStorage:BlobServiceUri", "https://acct.blob.core.windows.net"),
            ("ImrStorage:TableServiceUri", "https://acct.table.core.windows.net"),
            ("ImrStorage:QueueServiceUri", "https://acct.queue.core.windows.net"),
            ("ImrStorage:ClientId", "00000000-0000-0000-0000-000000000001")));
        using var provider = services.BuildServiceProvider();

        var clients = provider.GetRequiredService<StorageClients>();
        clients.Blobs.Uri.ShouldBe(new Uri("https://acct.blob.core.windows.net"));
        clients.Tables.Uri.Host.ShouldBe("acct.table.core.windows.net");
        clients.Queues.Uri.ShouldBe(new Uri("https://acct.queue.core.windows.net"));
        provider.GetRequiredService<StorageOptions>().ClientId.ShouldBe("00000000-0000-0000-0000-000000000001");
    }

    [Fact]
    public async Task The_operation_counter_counts_each_service_separately()
    {
        var clients = StorageClients.Create(fixture.Options);
        var caseNumber = StorageFixture.NextCaseNumber();

        await new BlobCaseFileStore(clients).StoreCaseFileAsync(caseNumber, "{}"u8.ToArray());
        await new TableAuditTrail(clients).AppendAsync(new AuditEntry { Id = "a", CaseNumber = caseNumber, Actor = "api", Action = "Submitted", At = Samples.Now });
        await new TableAuditTrail(clients).ReadAsync(caseNumber);
        await new QueueNotificationQueue(clients).SendAsync(new Notification { Id = "n", CaseNumber = caseNumber, At = Samples.Now, Notices = [new Notice { Id = "n:Reminder", Kind = "Reminder", Recipient = "r" }] });

        var counts = clients.Counter.Snapshot();
        counts.For(StorageService.Blob, "PUT").ShouldBe(1);
        counts.For(StorageService.Table, "POST").ShouldBe(1);
        counts.For(StorageService.Table, "GET").ShouldBe(1);
        counts.For(StorageService.Queue).ShouldBe(1);
        counts.For(StorageService.Other).ShouldBe(0);
        counts.Total.ShouldBe(4);
    }
}

public sealed class AzuriteInstanceTests
{
    [Fact]
    public async Task Data_in_a_location_folder_survives_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "imr-azurite-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var azurite = await AzuriteInstance.StartAsync(folder);
            var container = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, "restart");
            await container.CreateAsync();
            await container.UploadBlobAsync("kept.txt", BinaryData.FromString("still here"));

            await azurite.RestartAsync();

            azurite.IsRunning.ShouldBeTrue();
            (await container.GetBlobClient("kept.txt").DownloadContentAsync()).Value.Content.ToString().ShouldBe("still here");
            await azurite.StopAsync();
            azurite.IsRunning.ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class AzuriteClassFixtureTests(AzuriteInstance azurite) : IClassFixture<AzuriteInstance>
{
    [Fact]
    public async Task Works_as_an_xunit_class_fixture_with_a_usable_connection_string()
    {
        azurite.IsRunning.ShouldBeTrue();
        azurite.ConnectionString.ShouldContain($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1;");
        var clients = StorageClients.Create(new StorageOptions { ConnectionString = azurite.ConnectionString });

        await new StorageInitializer(clients).EnsureCreatedAsync();

        (await clients.Tables.GetTableClient(StorageNames.CasesTable).QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync()).ShouldBeEmpty();
    }
}
