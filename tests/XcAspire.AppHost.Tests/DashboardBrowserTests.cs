using Microsoft.Playwright;

namespace XcAspire.AppHost.Tests;

/// <summary>The dashboard in a real browser (Debian's Chromium); the screenshots are the README's.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardBrowserTests(RunningSystemFixture system)
{
    [Fact]
    public async Task Resources_page_and_a_trace_waterfall_render()
    {
        var host = system.Host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 640 } });

        await page.GotoAsync(host.DashboardUrl.ToString());
        foreach (var name in new[] { "sample-source", "silo-1", "silo-2", "api" })
        {
            await page.Locator($"#resources tr[data-resource='{name}'] .state.running").WaitForAsync();
        }

        Assert.Equal(5, await page.Locator("#resources tbody tr").CountAsync());
        Assert.Equal(new Uri(host.ApiUrl, "/admin/import-meet").ToString(), await page.Locator("#link-admin").GetAttributeAsync("href"));
        Assert.Equal(new Uri(host.ApiUrl, "/scalar").ToString(), await page.Locator("#link-scalar").GetAttributeAsync("href"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-resources.png") });

        // A job's race imports: each race's trace holds the import and the SQL it ran.
        var jobId = await system.SampleImportJobAsync();
        await page.GotoAsync(new Uri(host.DashboardUrl, "#/traces").ToString());
        await page.Locator("input").FillAsync(jobId);
        // The row as the page lists it (the store is bounded, so the page and a second query could differ).
        var raceImport = page.Locator("#traces tbody tr", new PageLocatorOptions { HasText = "race import" }).First;
        await raceImport.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await raceImport.ClickAsync();

        await page.Locator("#waterfall .wf-row").First.WaitForAsync();
        Assert.True(await page.Locator("#waterfall .wf-row").CountAsync() >= 2, "the waterfall shows the race import and its SQL");
        await page.Locator("#waterfall .wf-row").Nth(2).ClickAsync();
        await page.Locator(".details table").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-trace.png"), FullPage = true });
    }

    // The README's screenshots are refreshed on request (XC_UPDATE_SCREENSHOTS=1 ./xc test); otherwise
    // they go with the test results, so a test run leaves the checkout as it was.
    private static string Screenshot(string file)
    {
        var directory = Environment.GetEnvironmentVariable("XC_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(ProcessTools.RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Environment.GetEnvironmentVariable("XC_TEST_RESULTS") ?? AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, file);
    }
}
