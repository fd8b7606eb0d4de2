namespace XcAspire.Api.Auth;

/// <summary>
/// The <c>xc_admin</c> cookie: the session id, never the admin token. HttpOnly (no script reads it),
/// SameSite=Strict, Secure on https, and it ends with the session.
/// </summary>
public static class SessionCookie
{
    public const string Name = "xc_admin";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && value.Length > 0 ? value : null;

    public static void Append(HttpContext context, AdminSession session) =>
        context.Response.Cookies.Append(Name, session.CookieValue, Options(context, session.ExpiresAt));

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
    };
}
