using Microsoft.Playwright;

namespace XcAspire.AppHost.Tests;

/// <summary>The Aspire dashboard in a real browser: every resource running, and the trace of an import.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardBrowserTests(RunningSystemFixture system)
{
    private static readonly LocatorAssertionsToBeVisibleOptions LongWait = new() { Timeout = 90_000 };

    [Fact]
    public async Task The_dashboard_shows_every_resource_running_and_the_trace_of_an_import()
    {
        var host = system.Host;
        var jobId = await ImportJobs.StartScrapeAsync(host.Api, "900002");
        ImportJobs.AssertComplete(await ImportJobs.WaitFinishedAsync(() => host.Api, jobId), races: 6);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });

        // The login address ./xc run prints.
        await page.GotoAsync($"{system.Host.DashboardUrl}login?t={host.BrowserToken}");
        foreach (var name in RunningAppHost.ResourceNames)
        {
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).First;
            await Assertions.Expect(row).ToBeVisibleAsync(LongWait);
            await Assertions.Expect(row).ToContainTextAsync("Running", new() { Timeout = 90_000 });
        }

        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("dashboard-resources.png") });

        // The import's first request: the API's span, the grain calls it made and the SQL they ran.
        await page.GotoAsync($"{system.Host.DashboardUrl}traces");
        await page.Locator("input[name='traces-search']").FillAsync("start-scrape");
        var trace = page.GetByText("POST api/admin/import-meet/start-scrape").Or(page.GetByText("POST /api/admin/import-meet/start-scrape")).First;
        await Assertions.Expect(trace).ToBeVisibleAsync(LongWait);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("dashboard-traces.png") });
        await trace.ClickAsync();
        await Assertions.Expect(page.GetByText("postgresql").First).ToBeVisibleAsync(LongWait);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("dashboard-trace.png") });
    }
}
