using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace XcAspire.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core's own request span carries no http.* tags without the instrumentation package (not
/// available to us); this adds the few a trace viewer needs: route, method and status.
/// </summary>
public sealed class HttpSpanEnrichmentMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var activity = Activity.Current;
        if (activity is null)
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("http.route", route);
        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("http.response.status_code", context.Response.StatusCode);
        if (context.Response.StatusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
