using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XcAspire.AppHost.Dashboard;

/// <summary>The dashboard's single page and its script and style, embedded in the AppHost (no front-end build).</summary>
internal static class DashboardPages
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    public static void MapDashboardPages(this WebApplication app)
    {
        app.MapGet("/", () => Page("index.html"));
        app.MapGet("/{file}", Asset);
    }

    private static Results<FileContentHttpResult, NotFound> Asset(string file) =>
        ContentTypes.ContainsKey(file) && file != "index.html" ? Page(file) : TypedResults.NotFound();

    private static FileContentHttpResult Page(string file)
    {
        using var stream = typeof(DashboardPages).Assembly.GetManifestResourceStream("Dashboard." + file)
            ?? throw new InvalidOperationException($"Dashboard asset {file} is not embedded in the AppHost.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return TypedResults.File(copy.ToArray(), ContentTypes[file]);
    }
}
