using System.Net;
using System.Text.RegularExpressions;
using Imr.Console.Tests.Browser;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Pages;

/// <summary>
/// A case worked through the console's pages in Chromium against the real Imr.Local, each step signed in through the
/// development sign-in: staff see the case in the list and its timeline, another reviewer is refused the case, the assigned
/// reviewer decides through the form (first refused by the form's own checks) without a token, and staff then download the PDF letter.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class CaseFlowInTheBrowserTests(ConsoleSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Staff_see_the_case_and_its_timeline_and_the_reviewer_decides_through_the_form_until_the_letter_is_offered()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var api = system.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords");
        (await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, Patience, "UnderReview");

        await using var context = await system.Browser!.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);

        // Signed in as staff (the development sign-in, marked as such): the case list shows the case with its state and the days left.
        await SignInAsync(page, "staff", "staff-1");
        await Assertions.Expect(page.GetByTestId("signed-in")).ToHaveTextAsync("Development sign-in: staff staff-1");
        var row = page.Locator("table.cases tbody tr").Filter(new LocatorFilterOptions { HasText = caseNumber });
        await Assertions.Expect(row).ToContainTextAsync("UnderReview");
        // The determination is due 30 calendar days after the records (LC § 4610.6(d)); the unit is said, not only the number.
        await Assertions.Expect(row.Locator(".days")).ToHaveTextAsync(new Regex(@"^(29|30|31) calendar days left$"));
        await ScreenshotAsync(page, "case-list");

        // The case page, reached from the list by keyboard: its timeline has the submission and the assignment.
        await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = caseNumber }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = $"Case {caseNumber}", Level = 1 })).ToBeVisibleAsync();
        var timeline = page.Locator("ol.timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("CaseSubmitted");
        await Assertions.Expect(timeline).ToContainTextAsync("Assigned");
        await ScreenshotAsync(page, "case-page");

        // Another reviewer neither lists the case nor opens it: the page shows the server's 403.
        await SignInAsync(page, "reviewer", "rev-someone-else");
        await Assertions.Expect(page.GetByText(caseNumber)).ToHaveCountAsync(0);
        await page.GotoAsync(new Uri(system.Console, $"cases/{caseNumber}").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("403");

        // The assigned reviewer, signed in, finds the case in their list and decides it without a token.
        await SignInAsync(page, "reviewer", reviewerId);
        await page.Locator("table.cases tbody tr").Filter(new LocatorFilterOptions { HasText = caseNumber })
            .GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = caseNumber }).ClickAsync();
        // The reviewer first states no conflict of interest in this case (LC § 139.5); then the decision opens.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Decide this case (reviewer)" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "No conflict (reviewer)" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Decide this case (reviewer)" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Reviewer id")).ToHaveValueAsync(reviewerId);

        // An empty row is refused before anything is sent, naming each field.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Submit the decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("3 problems");
        await Assertions.Expect(page.GetByLabel("Guideline")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Rationale")).ToHaveAttributeAsync("aria-invalid", "true");
        await ScreenshotAsync(page, "decision-form");

        await page.GetByLabel("Upheld").CheckAsync();
        await page.GetByLabel("Guideline").FillAsync("MTUS ACOEM Chapter 8");
        await page.GetByLabel("Rationale").FillAsync("The guideline does not support a bone scan for this presentation.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Submit the decision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new LocatorFilterOptions { HasText = "The decision was accepted" })).ToBeVisibleAsync();

        // Staff again: once determined, the case page offers the letter, and the download is the PDF.
        await SignInAsync(page, "staff", "staff-1");
        // Once determined, the case page offers the letter, and the download is the PDF.
        await api.WaitForStateAsync(caseNumber, Patience, "Determined");
        await page.GotoAsync(new Uri(system.Console, $"cases/{caseNumber}").ToString());
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync(new Regex("^Determined"));
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download the letter (PDF)" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"{caseNumber}-final-determination.pdf");
        var saved = Path.Combine(ConsoleSystem.Screenshots, "..", download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        (await File.ReadAllBytesAsync(saved)).Take(5).ShouldBe("%PDF-"u8.ToArray());
        await Assertions.Expect(page.Locator("ol.timeline")).ToContainTextAsync("Determined");
        await ScreenshotAsync(page, "case-page-determined");
    }

    [SkippableFact]
    public async Task The_case_list_filters_by_state_and_an_unknown_case_shows_the_servers_problem()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var caseNumber = ImrApi.NewCaseNumber();
        (await system.Api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await system.Api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords", "Unassigned");

        await using var context = await system.Browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        await SignInAsync(page, "auditor", "auditor-1");
        await Assertions.Expect(page.Locator("table.cases")).ToContainTextAsync(caseNumber);

        await page.GetByLabel("State").SelectOptionAsync("Determined");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText(caseNumber)).ToHaveCountAsync(0);

        // The filter offers every state the API's state= takes: each case state, Consolidated included, and Stuck.
        var offered = await page.GetByLabel("State").Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        offered.Where(o => o.Length > 0).ShouldBe([.. Enum.GetNames<Imr.Domain.Cases.CaseState>(), "Stuck"], ignoreOrder: true);
        await page.GetByLabel("State").SelectOptionAsync("Consolidated");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("No cases in state Consolidated.");

        await page.GotoAsync(new Uri(system.Console, "cases/CM25-0000000").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("404");
        await ScreenshotAsync(page, "unknown-case");
    }

    // The console's sign-in page, then the case list it returns to.
    private async Task SignInAsync(IPage page, string role, string id)
    {
        await page.GotoAsync(new Uri(system.Console, "sign-in").ToString());
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("User id (a reviewer's registry id)").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Cases", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in")).ToHaveTextAsync($"Development sign-in: {role} {id}");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ConsoleSystem.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleSystem.Screenshots, name + ".png"), FullPage = true });
    }
}
