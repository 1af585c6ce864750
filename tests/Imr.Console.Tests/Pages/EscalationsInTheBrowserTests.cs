using Imr.Console.Tests.Browser;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Storage;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Pages;

/// <summary>
/// The escalations due today in Chromium against the real Imr.Local: a case row whose records reminder is overdue and whose
/// escalation falls due tonight (written to the index as the workflow writes it; a compressed test case's statutory dates
/// lie days ahead) is listed for staff with each point said in words, and the page is in the staff's navigation only.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class EscalationsInTheBrowserTests(ConsoleSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Staff_see_each_point_due_today_or_overdue_and_open_its_case()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var caseNumber = CaseNumber.Create(96, Random.Shared.Next(1, 9_999_999));
        var now = DateTimeOffset.UtcNow;
        var index = new TableCaseIndex(StorageClients.Create(new StorageOptions { ConnectionString = system.Azurite.ConnectionString }));
        (await index.TryCreateAsync(new Domain.Cases.Case
        {
            CaseNumber = caseNumber,
            State = CaseState.AwaitingRecords,
            ReviewerId = "rev-escalated",
            Items = ["MRI lumbar spine without contrast"],
            Deadlines = new CaseDeadlines
            {
                RecordsReminder = now.AddHours(-3),
                RecordsEscalation = PacificTime.EndOfDay(PacificTime.DateOf(now)),
                RecordsDue = PacificTime.EndOfDay(PacificTime.DateOf(now).AddDays(2)),
            },
            CreatedAt = now,
            UpdatedAt = now,
        })).ShouldBeTrue();

        await using var context = await system.Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);

        await page.SignInAsync(system, "reviewer", "rev-escalated");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Escalations due today" })).ToHaveCountAsync(0);

        await page.SignInAsync(system, "staff", "staff-1");
        // From the navigation by keyboard alone.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Escalations due today" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Escalations due today", Level = 1 })).ToBeVisibleAsync();
        var rows = page.Locator("table.escalations tbody tr").Filter(new LocatorFilterOptions { HasText = caseNumber.ToString() });
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Records reminder");
        await Assertions.Expect(rows.Nth(0).Locator(".days")).ToHaveTextAsync("overdue");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Records escalation");
        await Assertions.Expect(rows.Nth(1).Locator(".days")).ToHaveTextAsync("due today");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("rev-escalated");
        await page.ScreenshotAsync("escalations-due-today");

        await rows.Nth(0).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = caseNumber.ToString() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = $"Case {caseNumber}", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("next-deadline")).ToContainTextAsync("Records due");
        await Assertions.Expect(page.Locator("dd .days")).ToHaveTextAsync("2 calendar days left");
    }
}
