using System.Net;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>How Imr.Local hosts the system: its own Azurite from node_modules, and the in-memory engine for quick runs.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalHostingTests(LocalSystem system)
{
    [Fact]
    public async Task The_in_memory_engine_runs_a_case_to_its_letter()
    {
        await using var local = await LocalProcess.StartAsync(system.Azurite.ConnectionString, "memoryhub", engine: "memory");

        var determined = await local.Client.RunSeedCaseToLetterAsync(system.Azurite.ConnectionString, TimeSpan.FromSeconds(60));

        determined["determination"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Without_a_connection_string_it_starts_azurite_itself_and_stops_it_on_shutdown()
    {
        var blobPort = LocalProcess.FreeRunOfPorts(3);
        var location = Directory.CreateTempSubdirectory("imr-local-azurite-");
        var local = await LocalProcess.StartAsync(
            ["--ImrLocal:AzuriteBlobPort=" + blobPort, "--ImrLocal:AzuriteLocation=" + location.FullName, "--engine", "memory"]);
        try
        {
            LocalProcess.IsListening(blobPort).ShouldBeTrue("Imr.Local started Azurite on the configured ports");
            (await local.Client.SubmitAsync(ImrApi.SeedCase(ImrApi.NewCaseNumber()))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            Directory.EnumerateFileSystemEntries(location.FullName).ShouldNotBeEmpty("Azurite keeps its data on disk there");

            (await local.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"Imr.Local did not stop on SIGTERM:\n{local.Output}");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (LocalProcess.IsListening(blobPort) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            LocalProcess.IsListening(blobPort).ShouldBeFalse("stopping Imr.Local stops the Azurite it started");
        }
        finally
        {
            await local.DisposeAsync();
            location.Delete(recursive: true);
        }
    }
}
