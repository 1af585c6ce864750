using System.Diagnostics;

namespace Imr.Functions.Tests.Publishing;

/// <summary>The Functions app published once per test run as a deployment publishes it (<c>dotnet publish -c Release</c>).</summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The publish folder.</summary>
    public static Task<string> DirectoryAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var output = Directory.CreateTempSubdirectory("imr-functions-publish-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { "publish", Path.Combine(root, "src", "Imr.Functions"), "-c", "Release", "-o", output.FullName, "-m:1", "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        process.ExitCode.ShouldBe(0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
        return output.FullName;
    }
}
