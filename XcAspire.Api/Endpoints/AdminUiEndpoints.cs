using XcAspire.Api.Auth;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// The admin UI's pages and its sign-in. Pages need the admin credential too: without it they
/// redirect to the login form, which keeps the token in an HttpOnly, SameSite=Strict session cookie.
/// </summary>
public static class AdminUiEndpoints
{
    public static WebApplication MapAdminUi(this WebApplication app)
    {
        MapPage(app, "/admin/import-meet", "import-meet.html");
        MapPage(app, "/admin/jobs", "jobs.html");
        MapPage(app, "/admin/meets/{meetId}", "meet.html");
        app.MapGet("/admin", () => Results.Redirect("/admin/import-meet")).ExcludeFromDescription();
        app.MapGet("/admin/login", () => Page("login.html")).ExcludeFromDescription();
        app.MapPost("/admin/login", LoginAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/admin/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(AdminTokenHandler.CookieName);
            return Results.Redirect("/admin/login");
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static void MapPage(WebApplication app, string route, string file) =>
        app.MapGet(route, (HttpContext context, AdminToken token) =>
                AdminTokenHandler.PresentedToken(context.Request) is { } presented && token.Matches(presented)
                    ? Page(file)
                    : Results.Redirect($"/admin/login?return={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}"))
            .ExcludeFromDescription();

    private static async Task<IResult> LoginAsync(HttpContext context, AdminToken token)
    {
        var form = await context.Request.ReadFormAsync();
        var returnTo = form["return"].ToString();
        // Only local pages: never redirect off the site.
        if (!returnTo.StartsWith("/admin", StringComparison.Ordinal) || returnTo.StartsWith("//", StringComparison.Ordinal))
        {
            returnTo = "/admin/import-meet";
        }

        if (!token.Matches(form["token"].ToString()))
        {
            return Results.Redirect($"/admin/login?failed=1&return={Uri.EscapeDataString(returnTo)}");
        }

        context.Response.Cookies.Append(AdminTokenHandler.CookieName, form["token"].ToString(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return Results.Redirect(returnTo);
    }

    private static IResult Page(string file) =>
        Results.File(Path.Combine(AppContext.BaseDirectory, "Ui", "admin", file), "text/html; charset=utf-8");
}
