namespace Imr.Functions.Tests.Deployment;

public sealed class BicepCliTests
{
    [Fact]
    public void A_missing_executable_fails_with_a_message_that_says_how_to_get_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "imr-no-such-folder", "bicep");

        var error = Should.Throw<FileNotFoundException>(() => BicepCli.At(path, "a test"));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("Azure.Bicep.CommandLine.linux-x64");
        error.Message.ShouldContain(BicepCli.PathVariable);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_executable_without_the_execute_bit_is_made_executable()
    {
        var folder = Directory.CreateTempSubdirectory("imr-bicep-mode-");
        try
        {
            var path = Path.Combine(folder.FullName, "bicep");
            File.WriteAllText(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var cli = BicepCli.At(path, "a test");

            cli.ExecutablePath.ShouldBe(path);
            (File.GetUnixFileMode(path) & UnixFileMode.UserExecute).ShouldBe(UnixFileMode.UserExecute);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_restored_package_is_found_and_runs()
    {
        var cli = BicepCli.Locate();

        var run = cli.Run(RepositoryLayout.Root, "--version");

        run.ExitCode.ShouldBe(0, run.Describe());
        run.StandardOutput.ShouldContain("Bicep CLI version");
    }
}
