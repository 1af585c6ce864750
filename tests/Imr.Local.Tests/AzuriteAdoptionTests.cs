using Imr.Local.Azurite;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// An Azurite already on Imr.Local's ports (left behind when the host was SIGKILLed) is adopted only when it serves the
/// configured data folder, and the host stops the one it adopted.
/// </summary>
public sealed class AzuriteAdoptionTests : IDisposable
{
    private readonly DirectoryInfo first = Directory.CreateTempSubdirectory("imr-azurite-first-");
    private readonly DirectoryInfo second = Directory.CreateTempSubdirectory("imr-azurite-second-");
    private readonly string root = RepositoryRoot.Find(null);

    public void Dispose()
    {
        first.Delete(recursive: true);
        second.Delete(recursive: true);
    }

    [Fact]
    public async Task An_azurite_serving_another_folder_is_refused_with_the_folders_named()
    {
        var blobPort = LocalProcess.FreeRunOfPorts(3);
        await using var leftBehind = await AzuriteProcess.StartAsync(root, first.FullName, blobPort, TimeSpan.FromSeconds(60), CancellationToken.None);

        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => AzuriteProcess.StartAsync(root, second.FullName, blobPort, TimeSpan.FromSeconds(60), CancellationToken.None));

        refused.Message.ShouldContain(first.FullName, customMessage: "names the folder the running Azurite serves");
        refused.Message.ShouldContain(second.FullName, customMessage: "names the folder configured");
        refused.Message.ShouldContain($"process {leftBehind.ProcessId}");
        LocalProcess.IsListening(blobPort).ShouldBeTrue("a refused Azurite is left running: it is not this host's");
    }

    [Fact]
    public async Task An_azurite_serving_the_configured_folder_is_adopted_and_stopped_with_the_host()
    {
        var blobPort = LocalProcess.FreeRunOfPorts(3);
        var leftBehind = await AzuriteProcess.StartAsync(root, first.FullName, blobPort, TimeSpan.FromSeconds(60), CancellationToken.None);
        try
        {
            // The same folder, named with a trailing separator and through a relative segment, is the same folder.
            var sameFolder = Path.Combine(first.FullName, "..", first.Name) + Path.DirectorySeparatorChar;
            var adopted = await AzuriteProcess.StartAsync(root, sameFolder, blobPort, TimeSpan.FromSeconds(60), CancellationToken.None);
            adopted.Adopted.ShouldBeTrue();
            adopted.ProcessId.ShouldBe(leftBehind.ProcessId);

            await adopted.DisposeAsync();

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (LocalProcess.IsListening(blobPort) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            LocalProcess.IsListening(blobPort).ShouldBeFalse("the host stops the Azurite it adopted");
        }
        finally
        {
            await leftBehind.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--location /data/a", "/work", "/data/a")]
    [InlineData("-l data/a", "/work", "/work/data/a")]
    [InlineData("--location=/data/b", "/work", "/data/b")]
    [InlineData("--silent", "/work", null)]
    public void The_data_folder_is_read_from_the_command_line_against_the_working_directory(string arguments, string workingDirectory, string? expected) =>
        AzuriteProcess.LocationArgument(["node", "azurite", .. arguments.Split(' ')], workingDirectory).ShouldBe(expected);
}
