using Imr.Local.Tests.Harness;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Browser;

/// <summary>
/// One Azurite, one running Imr.Local (statutory days compressed to ten seconds, as the acceptance tests run it) serving the
/// console, and Debian's Chromium driven by Playwright. Playwright's own browser download cannot work here, so the browser is
/// <see cref="ChromiumPath"/>; without it the tests skip and say why, except under CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class ConsoleSystem : IAsyncLifetime
{
    /// <summary>Debian's Chromium (<c>apt-get install chromium</c>; .ci/run installs it).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(ChromiumPath) ? null : $"No Chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' (.ci/run does).";

    /// <summary>Whether a missing browser must fail the run instead of skipping (under CI).</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The storage emulator.</summary>
    public AzuriteInstance Azurite { get; } = new();

    /// <summary>The running host.</summary>
    public LocalProcess Local { get; private set; } = null!;

    /// <summary>The API client.</summary>
    public HttpClient Api => Local.Client;

    /// <summary>The browser, or null when the tests skip.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>The console's address.</summary>
    public Uri Console => new($"http://127.0.0.1:{Local.Port}/console/");

    /// <summary>Where the screenshots of each page go: TestResults/screenshots in the test output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Unavailable is { } reason)
        {
            if (Required)
            {
                throw new InvalidOperationException($"{reason} Under CI the browser tests must run.");
            }

            return;
        }

        await Azurite.InitializeAsync();
        Local = await LocalProcess.StartAsync(Azurite.ConnectionString, "consolehub", secondsPerDay: IImrSystem.SecondsPerDay);
        // The first load compiles nothing but downloads and starts the .NET runtime in the page: seconds on two busy cores.
        Assertions.SetDefaultExpectTimeout(60_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,

            // Tests run as root in CI containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Local is not null)
        {
            await Local.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}

/// <summary>The collection every browser test belongs to: one host and one browser, never two runs side by side.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleSystemCollection : ICollectionFixture<ConsoleSystem>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Console in a browser";
}
