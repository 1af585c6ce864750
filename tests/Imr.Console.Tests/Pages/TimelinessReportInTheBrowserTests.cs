using System.Globalization;
using System.Net;
using Imr.Console.Tests.Browser;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Pages;

/// <summary>
/// The auditor's timeliness report page in Chromium against the real Imr.Local: a case determined through the API is counted
/// in the period of its decision, with its reviewer's specialty and its claims administrator, drawn as charts; the CSV
/// downloads; a period ending before it starts is refused at the field the server names.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class TimelinessReportInTheBrowserTests(ConsoleSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task The_auditor_sees_a_determined_case_counted_in_the_report_and_downloads_it_as_csv()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var from = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var before = await DeterminationsAsync(from, to);
        await system.Api.RunSeedCaseToLetterAsync(system.Azurite.ConnectionString, Patience);

        await using var context = await system.Browser!.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        await page.SignInAsync(system, "auditor", "auditor-1");

        // From the main navigation by keyboard, then the period typed in and sent with Enter.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Timeliness report" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Timeliness report", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("From (first day)").FillAsync(from);
        await page.GetByLabel("To (last day, included)").FillAsync(to);
        await page.GetByLabel("To (last day, included)").PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("determinations")).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("overturn-by-specialty")).ToContainTextAsync("Occupational Medicine");
        await Assertions.Expect(page.GetByTestId("records-late")).ToContainTextAsync("CA-0001");
        await Assertions.Expect(page.Locator("svg[role=img] rect.bar").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Not available: The case file (schema 1.0)")).ToBeVisibleAsync();
        await page.ScreenshotAsync("timeliness-report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download CSV" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"timeliness-{from}-{to}.csv");
        var saved = Path.Combine(ConsoleSystem.Screenshots, "..", download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        var csv = await File.ReadAllTextAsync(saved);
        csv.ShouldStartWith("figure,group,count,of,value\r\n");
        csv.ShouldContain("overturned by specialty,Occupational Medicine,");

        // A period that ends before it starts: the server's 400 is shown at the To field.
        await page.GetByLabel("To (last day, included)").FillAsync("2020-01-01");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the report" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("To (last day, included)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#to-error")).ToContainTextAsync("ends before it starts");

        // The CSV of that period fails at the server: the page says so, with the server's reason, instead of nothing.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download CSV" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("download-error")).ToContainTextAsync("The CSV was not downloaded. The download failed: the server answered 400.");
        await Assertions.Expect(page.GetByTestId("download-error")).ToContainTextAsync("ends before it starts");
        await page.ScreenshotAsync("timeliness-report-download-failed");
    }

    private async Task<int> DeterminationsAsync(string from, string to)
    {
        using var response = await system.Api.GetAsAsync(ImrCaller.Auditor, $"reports/timeliness?from={from}&to={to}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadJsonAsync())["determinations"]!.GetValue<int>();
    }
}
