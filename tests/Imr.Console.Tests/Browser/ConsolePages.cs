using Microsoft.Playwright;

namespace Imr.Console.Tests.Browser;

/// <summary>What the browser tests do on every page: sign in through the development sign-in, and keep a screenshot.</summary>
public static class ConsolePages
{
    /// <summary>The console's sign-in page, then the case list it returns to.</summary>
    public static async Task SignInAsync(this IPage page, ConsoleSystem system, string role, string id)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(system);
        await page.GotoAsync(new Uri(system.Console, "sign-in").ToString());
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("User id (a reviewer's registry id)").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Cases", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in")).ToHaveTextAsync($"Development sign-in: {role} {id}");
    }

    /// <summary>A full-page screenshot under <see cref="ConsoleSystem.Screenshots"/>.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ConsoleSystem.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleSystem.Screenshots, name + ".png"), FullPage = true });
    }
}
