using System.Net;
using Imr.Console.Tests.Browser;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Pages;

/// <summary>
/// The reviewer registry's pages in Chromium against the real Imr.Local, signed in as staff: the form shows the server's 400
/// at each field, adds a reviewer, explains in words why they may not take a case, and the list deactivates them, after which
/// the explanation says they take no cases.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class ReviewerRegistryInTheBrowserTests(ConsoleSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Staff_add_a_reviewer_see_the_eligibility_reasons_for_a_case_and_deactivate_them()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "Unassigned");
        var id = $"rev-ui-{Guid.NewGuid():N}"[..18];

        await using var context = await system.Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        await page.SignInAsync(system, "staff", "staff-1");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Reviewers" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Reviewers", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Add a reviewer" }).ClickAsync();

        // Sent empty: the registry's 400 is shown at each field it names.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add the reviewer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("400");
        await Assertions.Expect(page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");

        // A dermatologist: a specialty that fits no seed case, so no other test's case is assigned to them meanwhile.
        await page.GetByLabel("Registry id (leave blank for one to be made)").FillAsync(id);
        await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync("Reviewer from the console");
        await page.GetByLabel("Years in active practice").FillAsync("12");
        await page.GetByLabel("Clinical hours a week").FillAsync("30");
        await page.GetByLabel("Capacity (open cases)").FillAsync("5");
        await page.GetByLabel("License number").FillAsync("A123456");
        await page.GetByLabel("License expires (yyyy-mm-dd)").FillAsync("2030-12-31");
        await page.GetByLabel("Board", new PageGetByLabelOptions { Exact = true }).FillAsync("American Board of Dermatology");
        await page.GetByLabel("Specialty", new PageGetByLabelOptions { Exact = true }).FillAsync("Dermatology");
        await page.GetByLabel("Certification expires (yyyy-mm-dd)").FillAsync("2031-12-31");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add the reviewer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = $"Reviewer {id}", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Specialty", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("Dermatology");

        // The eligibility explanation for the case, each reason in words.
        await page.GetByLabel("Case number").FillAsync(caseNumber);
        await page.GetByLabel("Case number").PressAsync("Enter");
        var explanation = page.GetByTestId("eligibility");
        await Assertions.Expect(explanation).ToContainTextAsync($"Not eligible for case {caseNumber}");
        await Assertions.Expect(explanation.Locator("li").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("reviewer-page");

        // Deactivated from the list: paused, and the explanation now says so.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "All reviewers" }).ClickAsync();
        var row = page.Locator("table.reviewers tbody tr").Filter(new LocatorFilterOptions { HasText = id });
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"Deactivate {id}" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("Paused (deactivated)");
        await page.ScreenshotAsync("reviewers");

        await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = id }).ClickAsync();
        await page.GetByLabel("Case number").FillAsync(caseNumber);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Explain eligibility" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("eligibility")).ToContainTextAsync("Not taking cases (status Paused).");
        (await system.Api.GetAsync(new Uri($"reviewers/{id}", UriKind.Relative)).ContinueWith(t => t.Result.ReadJsonAsync()).Unwrap())["status"]!.GetValue<string>().ShouldBe("Paused");
    }
}
