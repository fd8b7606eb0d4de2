using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XcAspire.Api.Tests;

/// <summary>
/// A page served on another 127.0.0.1 port: the same site as the API, so SameSite=Strict cookies
/// go along with its requests, but another origin.
/// </summary>
public sealed class OtherOriginSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtherOriginSite(WebApplication app)
    {
        _app = app;
        Url = app.Urls.First();
    }

    public string Url { get; }

    public static async Task<OtherOriginSite> StartAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        await app.StartAsync();
        return new OtherOriginSite(app);
    }

    /// <summary>A page that posts a form to <paramref name="action"/> as soon as it loads, as the finding's page did.</summary>
    public static Task<OtherOriginSite> AutoPostingFormAsync(string action) => StartAsync(
        $"""
        <!doctype html>
        <form id="forged" method="post" action="{action}"><input type="hidden" name="confirm" value="yes"></form>
        <script>document.getElementById('forged').submit();</script>
        """);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
