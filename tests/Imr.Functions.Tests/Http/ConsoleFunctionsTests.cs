using Imr.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Imr.Functions.Tests.Http;

/// <summary>The Function app serves the published console under /api/console/ and nothing outside it.</summary>
public sealed class ConsoleFunctionsTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("imr-console-");

    public ConsoleFunctionsTests()
    {
        File.WriteAllText(Path.Combine(root.FullName, "index.html"), "<html><head><base href=\"/console/\" /></head></html>");
        Directory.CreateDirectory(Path.Combine(root.FullName, "_framework"));
        File.WriteAllText(Path.Combine(root.FullName, "_framework", "dotnet.abc123.js"), "// runtime");
        File.WriteAllText(Path.Combine(root.FullName + "-secret.txt"), "outside");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cases")]
    [InlineData("cases/CM13-0000001/decision")]
    public void The_console_and_its_pages_get_index_html_based_at_the_function_apps_console_path(string? path)
    {
        var (result, _) = Serve(path);

        var page = result.ShouldBeOfType<ContentResult>();
        page.ContentType.ShouldBe("text/html; charset=utf-8");
        page.Content.ShouldNotBeNull().ShouldContain("<base href=\"/api/console/\" />");
        page.Content.ShouldNotContain("\"/console/\"");
    }

    [Fact]
    public void Fingerprinted_framework_files_are_served_with_their_type_and_kept_by_the_browser()
    {
        var (result, response) = Serve("_framework/dotnet.abc123.js");

        var file = result.ShouldBeOfType<PhysicalFileResult>();
        file.ContentType.ShouldBe("text/javascript");
        response.Headers.CacheControl.ToString().ShouldContain("immutable");
    }

    [Theory]
    [InlineData("_framework/missing.wasm")]
    [InlineData("../" + "imr-console-secret.txt")]
    [InlineData("..")]
    public void A_missing_file_or_a_path_out_of_the_console_is_404(string path)
    {
        var (result, _) = Serve(path.Replace("imr-console-secret.txt", root.Name + "-secret.txt", StringComparison.Ordinal));

        result.ShouldBeOfType<NotFoundResult>();
    }

    public void Dispose()
    {
        root.Delete(recursive: true);
        File.Delete(root.FullName + "-secret.txt");
    }

    private (IActionResult Result, HttpResponse Response) Serve(string? path)
    {
        var context = new DefaultHttpContext();
        return (new ConsoleFunctions(root.FullName).Serve(context.Request, path), context.Response);
    }
}
