namespace XcAspire.Api.Hosting;

/// <summary>
/// Security headers on every answer: pages, scripts, JSON and problems alike. The admin UI's
/// policy allows only its own files (no inline script or style, no eval), fetches to itself, forms
/// posted to itself, and no framing (clickjacking); no referrer leaves the page, and nothing is
/// sniffed into another content type.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string AdminPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The Scalar reference builds its styles at run time (style elements and attributes), so only
    // styles may be inline; scripts are the package's own files and the one inline script that
    // configures the page, allowed by the nonce Scalar puts on it (a fresh one for every answer).
    // It draws icons from data: and blob: URLs.
    public static string ScalarPolicy(string? nonce) =>
        $"default-src 'self'; script-src 'self'{(nonce is null ? string.Empty : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the answer starts: the exception handler clears headers set earlier.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReference.Path)
                ? ScalarPolicy(ApiReference.Nonce(context))
                : AdminPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
