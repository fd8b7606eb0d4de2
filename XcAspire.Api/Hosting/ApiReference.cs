using Scalar.AspNetCore;
using XcAspire.Api.OpenApi;

namespace XcAspire.Api.Hosting;

/// <summary>
/// The Scalar API reference at <c>/scalar</c>, served from the Scalar.AspNetCore package itself: no CDN,
/// no font service, no telemetry, so it works on a machine without the internet.
/// </summary>
public static class ApiReference
{
    public const string Path = "/scalar";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("XcAspire API reference")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            // Its toolbar (share, deploy, generate an SDK) sends the document to Scalar's own services.
            .HideDeveloperTools()
            // The token goes in the reference's bearer field (the document's AdminToken scheme).
            .AddPreferredSecuritySchemes(BearerSecurityScheme.Name)
            // The page configures itself with an inline script: a fresh nonce per answer lets exactly that
            // script run under the Content-Security-Policy (SecurityHeaders adds it to script-src).
            .WithNonce());

    /// <summary>The nonce Scalar put on this answer's script tags, if it is a Scalar page.</summary>
    public static string? Nonce(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
