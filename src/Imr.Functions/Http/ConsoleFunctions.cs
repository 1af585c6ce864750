using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Azure.Functions.Worker;

namespace Imr.Functions.Http;

/// <summary>
/// The console (src/Imr.Console, Blazor WebAssembly) served by the Function app itself under <c>/api/console/</c>, beside
/// the API it calls and behind the same App Service Authentication (docs/deploy.md, "The console").
/// </summary>
public sealed class ConsoleFunctions
{
    /// <summary>Where the console's files sit in the published app (Imr.Functions.csproj publishes them there).</summary>
    public static readonly string DefaultRoot = Path.Combine(AppContext.BaseDirectory, "console");

    /// <summary>The console's address under the host's <c>api</c> route prefix; index.html's base element is set to it.</summary>
    public const string BasePath = "/api/console/";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly string root;

    /// <summary>Serves the console published with the app.</summary>
    public ConsoleFunctions()
        : this(DefaultRoot)
    {
    }

    /// <summary>Serves the console from <paramref name="root"/>.</summary>
    public ConsoleFunctions(string root) => this.root = Path.GetFullPath(root);

    /// <summary>
    /// <c>GET /api/console/{path}</c>. Anonymous at the host: the console is public code, and every API call it makes is
    /// checked by role (docs/security.md).
    /// </summary>
    [Function("Console")]
    public IActionResult Serve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = Path.GetFullPath(Path.Combine(root, relative));
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return new NotFoundResult();
        }

        // A path with no file behind it and no extension is one of the console's pages: the app routes it in the browser.
        if (!File.Exists(file))
        {
            if (Path.HasExtension(relative))
            {
                return new NotFoundResult();
            }

            file = Path.Combine(root, "index.html");
        }

        if (file == Path.Combine(root, "index.html"))
        {
            request.HttpContext.Response.Headers.CacheControl = "no-cache";
            return new ContentResult { Content = IndexHtml(file), ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
        }

        // Files under _framework carry their fingerprint in the name, so a browser may keep them.
        if (relative.StartsWith("_framework/", StringComparison.Ordinal))
        {
            request.HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        }

        return new PhysicalFileResult(file, ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream");
    }

    // The console is built for Imr.Local's /console/; here it lives under the host's route prefix.
    private static string IndexHtml(string file) =>
        File.ReadAllText(file).Replace("<base href=\"/console/\" />", $"<base href=\"{BasePath}\" />", StringComparison.Ordinal);
}
