using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Imr.Local.Tests.Harness;
using Imr.Testing;

namespace Imr.Local.Tests;

/// <summary>
/// Where the Azure Storage engine keeps its task hub: in the application's storage (the default), or in storage of its
/// own, as the Functions app can (AzureWebJobsStorage beside ImrStorage). Apart, the engine's queues and history and the
/// application's tables never share an emulator process, so neither waits on the other's single thread.
/// </summary>
public sealed class TaskHubStorageTests
{
    [Fact]
    public async Task A_case_runs_to_its_letter_with_the_task_hub_in_storage_of_its_own_and_nothing_of_it_in_the_cases_storage()
    {
        await using var data = await AzuriteInstance.StartAsync();
        await using var hub = await AzuriteInstance.StartAsync();

        // The named account wins over TaskHubStorage=separate: no second Azurite, and no refusal for configured ImrStorage.
        await using var local = await LocalProcess.StartAsync(
        [
            $"--ImrStorage={data.ConnectionString}",
            $"--ImrLocal:TaskHubConnectionString={hub.ConnectionString}",
            "--ImrLocal:TaskHubStorage=separate",
            "--ImrLocal:TaskHub=splithub",
            "--engine", "azurestorage",
        ]);

        var determined = await local.Client.RunSeedCaseToLetterAsync(data.ConnectionString, TimeSpan.FromSeconds(90));

        determined["determination"].ShouldNotBeNull();
        var hubTables = await TablesAsync(hub.ConnectionString);
        var dataTables = await TablesAsync(data.ConnectionString);
        hubTables.ShouldContain("splithubHistory");
        hubTables.ShouldContain("splithubInstances");
        hubTables.ShouldNotContain("Cases", "the case index is application data");
        dataTables.ShouldContain("Cases");
        dataTables.ShouldNotContain(t => t.StartsWith("splithub", StringComparison.Ordinal), "the task hub's tables are in its own storage");
        (await QueuesAsync(hub.ConnectionString)).ShouldContain("splithub-workitems");
        var dataQueues = await QueuesAsync(data.ConnectionString);
        dataQueues.ShouldContain("notifications");
        dataQueues.ShouldNotContain(q => q.StartsWith("splithub", StringComparison.Ordinal), "the engine's queues are in its own storage");

        // What the case leaves in the engine's queues: a durable timer is a control-queue message until it fires, days
        // away, even when an event beat it. The workflow sets no timer for a deadline beyond the timer horizon (an hour;
        // the seed case runs in real time, so its deadlines are days away), so a case decided before its deadlines come
        // near leaves none (docs/workflow.md, "Timers").
        var left = await ControlQueueMessagesAsync(hub.ConnectionString, "splithub");
        for (var i = 0; i < 50 && left > 0; i++)
        {
            // The last episode's own messages are deleted just after it commits.
            await Task.Delay(200);
            left = await ControlQueueMessagesAsync(hub.ConnectionString, "splithub");
        }

        left.ShouldBe(0, "no timer message is left behind");
    }

    [Fact]
    public async Task Separate_task_hub_storage_starts_a_second_azurite_three_ports_up_and_stopping_the_host_stops_both()
    {
        var blobPort = LocalProcess.FreeRunOfPorts(6);
        var location = Directory.CreateTempSubdirectory("imr-local-split-");
        var dataLocation = Path.Combine(location.FullName, "azurite");
        var local = await LocalProcess.StartAsync(
        [
            $"--ImrLocal:AzuriteBlobPort={blobPort}",
            $"--ImrLocal:AzuriteLocation={dataLocation}",
            "--ImrLocal:TaskHubStorage=separate",
            "--engine", "azurestorage",
        ]);
        try
        {
            LocalProcess.IsListening(blobPort).ShouldBeTrue("the application's Azurite");
            LocalProcess.IsListening(blobPort + 3).ShouldBeTrue("the task hub's Azurite, on the three ports after the application's");
            var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AzuriteInstance.AccountName};" +
                $"QueueEndpoint=http://127.0.0.1:{blobPort + 1}/{AzuriteInstance.AccountName};" +
                $"TableEndpoint=http://127.0.0.1:{blobPort + 2}/{AzuriteInstance.AccountName};";
            var hubConnection = connection
                .Replace($":{blobPort + 2}/", $":{blobPort + 5}/", StringComparison.Ordinal)
                .Replace($":{blobPort + 1}/", $":{blobPort + 4}/", StringComparison.Ordinal)
                .Replace($":{blobPort}/", $":{blobPort + 3}/", StringComparison.Ordinal);

            var determined = await local.Client.RunSeedCaseToLetterAsync(connection, TimeSpan.FromSeconds(90));

            determined["determination"].ShouldNotBeNull();
            (await TablesAsync(hubConnection)).ShouldContain("imrlocalHistory");
            (await TablesAsync(connection)).ShouldNotContain("imrlocalHistory");
            Directory.EnumerateFileSystemEntries(dataLocation + "-taskhub").ShouldNotBeEmpty("the task hub's Azurite keeps its data beside the application's");

            (await local.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"Imr.Local did not stop on SIGTERM:\n{local.Output}");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((LocalProcess.IsListening(blobPort) || LocalProcess.IsListening(blobPort + 3)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            LocalProcess.IsListening(blobPort).ShouldBeFalse("stopping Imr.Local stops the application's Azurite");
            LocalProcess.IsListening(blobPort + 3).ShouldBeFalse("stopping Imr.Local stops the task hub's Azurite");
        }
        finally
        {
            await local.DisposeAsync();
            try
            {
                location.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held open must not hide the test's own failure; the folder is under /tmp.
            }
        }
    }

    [Fact]
    public async Task Separate_task_hub_storage_beside_configured_application_storage_is_refused_naming_the_setting_to_use()
    {
        await using var data = await AzuriteInstance.StartAsync();

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => LocalProcess.StartAsync(
        [
            $"--ImrStorage={data.ConnectionString}",
            "--ImrLocal:TaskHubStorage=separate",
            "--engine", "azurestorage",
        ]));

        refused.Message.ShouldContain("ImrLocal:TaskHubConnectionString");
    }

    [Theory]
    [InlineData("shared", true)]
    [InlineData("SEPARATE", true)]
    [InlineData("elsewhere", false)]
    [InlineData("", false)]
    public void Only_shared_or_separate_is_a_task_hub_storage(string value, bool usable)
    {
        var problems = new LocalOptions { TaskHubStorage = value }.Problems();

        if (usable)
        {
            problems.ShouldBeEmpty();
        }
        else
        {
            problems.ShouldHaveSingleItem().ShouldStartWith("ImrLocal:TaskHubStorage:");
        }
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        var names = new List<string>();
        await foreach (var table in new TableServiceClient(connectionString).QueryAsync())
        {
            names.Add(table.Name);
        }

        return names;
    }

    private static async Task<int> ControlQueueMessagesAsync(string connectionString, string taskHub)
    {
        var service = new QueueServiceClient(connectionString);
        var count = 0;
        await foreach (var queue in service.GetQueuesAsync(prefix: taskHub + "-control-"))
        {
            // The approximate count includes invisible messages, which is what a pending timer is.
            count += (await service.GetQueueClient(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        return count;
    }

    private static async Task<List<string>> QueuesAsync(string connectionString)
    {
        var names = new List<string>();
        await foreach (var queue in new QueueServiceClient(connectionString).GetQueuesAsync())
        {
            names.Add(queue.Name);
        }

        return names;
    }
}
