using Microsoft.AspNetCore.Rewrite;

namespace Imr.Local;

/// <summary>The console (src/Imr.Console, Blazor WebAssembly) under <c>/console/</c>, beside the API it calls.</summary>
internal static class ConsoleRoutes
{
    /// <summary>The console's path.</summary>
    public const string Path = "/console/";

    /// <summary>Maps the console's files, its pages' deep links, and <c>/</c> to the console.</summary>
    public static void MapConsole(this WebApplication app)
    {
        // "/" and "/console" lead to "/console/": the app's base address ends with a slash, or its links resolve above it.
        app.UseRewriter(new RewriteOptions().AddRedirect("^(console)?$", Path.TrimStart('/')));
        app.MapStaticAssets();

        // A page's address (/console/cases/CM13-0000001) is the app's own route: the browser gets index.html and the app routes.
        app.MapFallbackToFile("console/{*path:nonfile}", "console/index.html");
    }
}
