using System.Net;
using System.Net.Http.Headers;
using Imr.Console.Tests.Browser;
using Imr.Testing.Acceptance;
using Microsoft.Playwright;

namespace Imr.Console.Tests.Pages;

/// <summary>
/// The records viewer in Chromium against the real Imr.Local: the assigned reviewer finds the records closed until they
/// state no conflict (LC § 139.5), then opens a PDF record inside the case page; another reviewer can open neither the
/// page nor the record at the API.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class RecordsViewerInTheBrowserTests(ConsoleSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task The_assigned_reviewer_opens_a_pdf_record_in_the_case_page_and_another_reviewer_cannot()
    {
        Skip.If(system.Browser is null, ConsoleSystem.Unavailable);
        var api = system.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assignedTo = (await api.WaitForStateAsync(caseNumber, Patience, "AwaitingRecords"))["reviewerId"]!.GetValue<string>();
        var pdf = await File.ReadAllBytesAsync(CorpusPdf());
        using (var upload = new ByteArrayContent(pdf))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            (await api.PutAsync(new Uri($"cases/{caseNumber}/records/treating-physician-report.pdf", UriKind.Relative), upload)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var context = await system.Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);

        await page.SignInAsync(system, "reviewer", assignedTo);
        await page.GotoAsync(new Uri(system.Console, $"cases/{caseNumber}").ToString());
        await Assertions.Expect(page.GetByTestId("records-closed")).ToContainTextAsync("no conflict of interest");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "No conflict (reviewer)" }).ClickAsync();

        // Keyboard alone: the record's button by Tab focus and Enter.
        var open = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Open the record treating-physician-report.pdf" });
        await open.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var viewer = page.GetByTestId("record-viewer");
        await Assertions.Expect(viewer).ToBeVisibleAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("title", "Record treating-physician-report.pdf");
        var shown = await viewer.EvaluateAsync<string[]>(
            "async frame => { const blob = await (await fetch(frame.src)).blob(); const head = new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer()); return [frame.src.slice(0, 5), blob.type, head, String(blob.size)]; }");
        shown.ShouldBe(["blob:", "application/pdf", "%PDF-", pdf.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync("case-page-record");

        // Another reviewer: the page shows the server's 403, and the record itself is refused at the API.
        await page.SignInAsync(system, "reviewer", "rev-someone-else");
        await page.GotoAsync(new Uri(system.Console, $"cases/{caseNumber}").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("403");
        await Assertions.Expect(page.GetByTestId("record-viewer")).ToHaveCountAsync(0);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"cases/{caseNumber}/records/treating-physician-report.pdf", UriKind.Relative)).As(ImrCaller.Reviewer("rev-someone-else"));
        using var refused = await api.SendAsync(request);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    // A redacted IMR letter from the repository's corpus stands in for a medical record: a real, multi-page PDF.
    private static string CorpusPdf()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Data", "corpus", "imr-letters", "CM16-0213037.pdf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/Data/corpus/imr-letters/CM16-0213037.pdf was not found above the test output folder.");
    }
}
