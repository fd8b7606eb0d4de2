using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace XcAspire.Api.Auth;

/// <summary>
/// Cross-site request forgery protection for requests the session cookie signs in. SameSite=Strict
/// alone is not enough: every page on any 127.0.0.1 port is the same site, so its forms arrive with
/// the cookie. A state-changing request (not GET, HEAD, OPTIONS or TRACE) to an endpoint that needs
/// the admin credential must therefore come from the API's own origin, port included (the Origin
/// header, or <c>Sec-Fetch-Site: same-origin</c> when a browser sends no Origin), and carry the
/// anti-forgery token the admin UI reads from <c>/admin/antiforgery-token</c>. Bearer-token requests
/// pass untouched: a browser never adds that header on its own.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, IAntiforgery antiforgery, ILogger<CrossSiteRequestGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!NeedsChecking(context))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var ownOrigin = $"{request.Scheme}://{request.Host}";
        if (!FromOwnOrigin(request, ownOrigin))
        {
            logger.LogWarning(
                "Refused a cross-site {Method} {Path} from origin {Origin}", request.Method, request.Path, request.Headers.Origin.ToString());
            await Refuse(context, "Cross-site request refused",
                $"A signed-in request that changes something must come from the admin UI at {ownOrigin}. " +
                "Scripts send the admin token as 'Authorization: Bearer <token>' instead of the cookie.");
            return;
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            await Refuse(context, "Anti-forgery token missing or not valid",
                "Send the token from GET /admin/antiforgery-token in its header (the admin UI does this); " +
                "after signing in again, reload the page for a new token.");
            return;
        }

        await next(context);
    }

    private static bool NeedsChecking(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && AdminTokenHandler.IsSession(context.User)
        // The sign-in form needs no credential, so a session gives it no power to abuse.
        && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null;

    private static bool FromOwnOrigin(HttpRequest request, string ownOrigin)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            ? string.Equals(origin, ownOrigin, StringComparison.OrdinalIgnoreCase)
            : request.Headers["Sec-Fetch-Site"].ToString() == "same-origin";
    }

    private static Task Refuse(HttpContext context, string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail).ExecuteAsync(context);
}
