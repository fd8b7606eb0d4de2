using Microsoft.AspNetCore.Antiforgery;
using XcAspire.Api.Auth;

namespace XcAspire.Api.Endpoints;

/// <summary>
/// The admin UI's pages, its sign-in and sign-out, and the anti-forgery token its scripts send. Pages
/// need the admin credential too: without it they redirect to the sign-in form, which opens a
/// session (<see cref="AdminSessions"/>) kept in an HttpOnly, SameSite=Strict cookie.
/// </summary>
public static class AdminUiEndpoints
{
    private const string StartPage = "/admin/import-meet";

    public static WebApplication MapAdminUi(this WebApplication app)
    {
        MapPage(app, StartPage, "import-meet.html");
        MapPage(app, "/admin/jobs", "jobs.html");
        MapPage(app, "/admin/meets/{meetId}", "meet.html");
        MapPage(app, "/admin/jobs/{jobId}", "job.html");
        MapPage(app, "/admin/seasons/{seasonJobId}", "season.html");
        MapPage(app, "/admin/folders", "folders.html");
        MapPage(app, "/admin/review", "review.html");
        app.MapGet("/admin", () => Results.Redirect(StartPage)).ExcludeFromDescription();
        app.MapGet("/admin/login", () => Page("login.html")).ExcludeFromDescription();
        app.MapPost("/admin/login", SignInAsync).DisableAntiforgery().ExcludeFromDescription();
        // Signing out changes state like any other POST, so it passes the same cross-site checks.
        app.MapPost("/admin/logout", SignOutAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/admin/antiforgery-token", AntiforgeryToken).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static void MapPage(WebApplication app, string route, string file) =>
        app.MapGet(route, (HttpContext context) =>
                context.User.Identity?.IsAuthenticated == true
                    ? Page(file)
                    : Results.Redirect($"/admin/login?return={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}"))
            .ExcludeFromDescription();

    private static async Task<IResult> SignInAsync(HttpContext context, AdminToken token, AdminSessions sessions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnTo = LocalReturnPath(form["return"].ToString());
        if (!token.Matches(form["token"].ToString()))
        {
            return Results.Redirect($"/admin/login?failed=1&return={Uri.EscapeDataString(returnTo)}");
        }

        // Every sign-in gets a new session id; one the browser held before is ended, not reused.
        if (SessionCookie.Read(context.Request) is { } previous)
        {
            await sessions.EndAsync(previous, context.RequestAborted);
        }

        SessionCookie.Append(context, await sessions.StartAsync(context.RequestAborted));
        return Results.Redirect(returnTo);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AdminSessions sessions)
    {
        if (SessionCookie.Read(context.Request) is { } cookie)
        {
            await sessions.EndAsync(cookie, context.RequestAborted);
        }

        SessionCookie.Delete(context);
        return Results.NoContent();
    }

    /// <summary>
    /// The request token for the <c>X-XSRF-TOKEN</c> header (and its HttpOnly cookie half). Read by the
    /// UI's own scripts: another origin's page can send this request but cannot read the answer.
    /// </summary>
    private static IResult AntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Ok(new AntiforgeryTokenResponse(tokens.HeaderName!, tokens.RequestToken!));
    }

    /// <summary>
    /// Where to go after signing in: only a path of the admin UI, in printable ASCII without
    /// backslashes (browsers read "\" as "/"); anything else, control characters included, goes to
    /// the start page rather than into a Location header.
    /// </summary>
    internal static string LocalReturnPath(string value) =>
        value.StartsWith("/admin", StringComparison.Ordinal)
        && (value.Length == "/admin".Length || value["/admin".Length] is '/' or '?')
        && value.All(c => c is > ' ' and < '\u007f' and not '\\')
            ? value
            : StartPage;

    private static IResult Page(string file) =>
        Results.File(Path.Combine(AppContext.BaseDirectory, "Ui", "admin", file), "text/html; charset=utf-8");
}

public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);
