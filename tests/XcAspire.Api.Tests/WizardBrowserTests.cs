using Microsoft.Playwright;
using XcAspire.Testing;

namespace XcAspire.Api.Tests;

/// <summary>
/// The admin UI in a real Chromium: the import wizard end to end, and the Scalar page offline, both
/// under their Content-Security-Policy.
/// </summary>
[Collection(ImportFlowCollection.Name)]
public sealed class WizardBrowserTests(ImportFlowFixture flow)
{
    private static readonly LocatorAssertionsToBeVisibleOptions LongWait = new() { Timeout = 120_000 };

    [Fact]
    public async Task The_wizard_imports_a_sample_meet_from_its_id_to_the_summary()
    {
        var meet = flow.Catalog["910002"];
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = BrowserConsole.Watch(page);

        // An unauthenticated visit lands on the sign-in page, which returns to the wizard.
        await page.GotoAsync(flow.BaseUrl + "/admin/import-meet");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await page.FillAsync("#token", ApiHost.Token);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#meet-id")).ToBeVisibleAsync();

        await page.FillAsync("#meet-id", meet.Meet.AthleticNetMeetId);
        await page.ClickAsync("#fetch");
        await Assertions.Expect(page.Locator("#meet-title")).ToHaveTextAsync(meet.Meet.Name);
        await Assertions.Expect(page.Locator("#races tbody tr")).ToHaveCountAsync(meet.Races.Count);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("wizard-2-metadata.png"), FullPage = true });

        await page.SelectOptionAsync("#venue-select", "new");
        await page.ClickAsync("#start-scrape");
        await Assertions.Expect(page.Locator("[data-panel='5']")).ToBeVisibleAsync(LongWait);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("wizard-5-summary.png"), FullPage = true });

        var finished = meet.Results.Count(r => r.Status == XcAspire.Silo.MeetData.FinishStatus.Finished);
        var inserted = meet.Results.Count;
        await Assertions.Expect(page.Locator("#summary-status")).ToContainTextAsync("importing complete");
        await Assertions.Expect(page.Locator("[data-count='inserted'] b")).ToHaveTextAsync(inserted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-count='rejected'] b")).ToHaveTextAsync("0");
        // The summary's reports loaded: reconciliation categories, and no error banner.
        await Assertions.Expect(page.Locator("#reconciliation [data-count='missing_athlete_absent'] b")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        Assert.Equal(finished, await flow.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM results r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '{meet.Meet.AthleticNetMeetId}'"));
        // Every step ran under the pages' Content-Security-Policy without a refusal or a script error.
        Assert.Empty(console.Problems);
    }

    [Fact]
    public async Task Scalar_renders_the_api_reference_without_the_internet()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = BrowserConsole.Watch(page);
        var offsite = new List<string>();
        // Anything not served by the API itself is refused, so the page proves it needs no CDN.
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(flow.BaseUrl, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                offsite.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(flow.BaseUrl + "/scalar");
        // The first section opens with the import endpoints' summaries, read from the API's own document.
        await Assertions.Expect(page.GetByText("Reads a meet's metadata from the source").First).ToBeVisibleAsync(LongWait);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Review queues" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("scalar.png") });
        Assert.DoesNotContain(offsite, u => !u.StartsWith("data:", StringComparison.Ordinal));
        Assert.Empty(console.Problems);
    }
}
