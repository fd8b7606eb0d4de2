using System.Text.RegularExpressions;
using Microsoft.Playwright;
using XcAspire.Silo.Import;

namespace XcAspire.Api.Tests;

/// <summary>The import page's School Season mode in a real Chromium, from a pasted team address to the season's end.</summary>
[Collection(ImportFlowCollection.Name)]
public sealed class SeasonBrowserTests(ImportFlowFixture flow)
{
    [Fact]
    public async Task A_pasted_team_address_previews_the_season_and_imports_it_with_every_meet_reported()
    {
        var calendar = flow.Seasons.Calendar(SeasonCatalog.BrowserSchool);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var first = calendar.Meets[0].MeetId;
        var notPosted = calendar.Meets.Single(m => !m.HasResults && m.Date <= today).MeetId;
        var upcoming = calendar.Meets.Single(m => !m.HasResults && m.Date > today).MeetId;
        var toImport = calendar.Meets.Where(m => m.HasResults && m.MeetId != first).Select(m => m.MeetId).ToList();
        await new MeetImporter(flow.Database.DataSource).ImportAsync(flow.Seasons.Meet(first), null, dryRun: false, CancellationToken.None);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, console) = await AdminPages.OpenAsync(browser, flow.BaseUrl, "/admin/import-meet");

        await page.ClickAsync("#mode-season");
        await page.FillAsync("#season-school", $"https://www.athletic.net/team/{SeasonCatalog.BrowserSchool}/cross-country/{SeasonCatalog.Year}");
        await page.ClickAsync("#season-preview");

        await Assertions.Expect(page.Locator("#season-meets tbody tr")).ToHaveCountAsync(calendar.Meets.Count);
        await Assertions.Expect(page.Locator("#season-year")).ToHaveValueAsync(SeasonCatalog.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#season-meets input:checked")).ToHaveCountAsync(toImport.Count);
        await Assertions.Expect(page.Locator($"input[data-meet='{first}']")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.Locator($"input[data-meet='{notPosted}']")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator($"input[data-meet='{upcoming}']")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("season-1-preview.png"), FullPage = true });

        await page.ClickAsync("#season-start");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/seasons/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#season-status")).ToHaveTextAsync("complete", new() { Timeout = 180_000 });
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("season-2-complete.png"), FullPage = true });

        foreach (var meetId in toImport)
        {
            await Assertions.Expect(page.Locator($"[data-meet='{meetId}']")).ToHaveTextAsync("imported");
        }

        await Assertions.Expect(page.Locator($"[data-meet='{first}']")).ToHaveTextAsync("already imported");
        await Assertions.Expect(page.Locator($"[data-meet='{notPosted}']")).ToHaveTextAsync("no results");
        await Assertions.Expect(page.Locator($"[data-meet='{upcoming}']")).ToHaveTextAsync("upcoming");
        var rows = toImport.Sum(id => flow.Seasons.Meet(id).Results.Count);
        await Assertions.Expect(page.Locator("#season-results [data-count='read'] b")).ToHaveTextAsync(rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#season-results [data-count='inserted'] b")).ToHaveTextAsync(rows.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Each meet links to its own job's summary.
        await page.Locator("#season-meets a", new() { HasText = "importing complete" }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/jobs/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#summary-status")).ToContainTextAsync("importing complete");
        Assert.Empty(console.Problems);
    }

    [Fact]
    public async Task The_reference_shows_the_season_import_with_its_example()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = BrowserConsole.Watch(page);

        await page.GotoAsync(flow.BaseUrl + "/scalar");

        // Only the page's text, not its markup: the reference's layout differs between Scalar releases.
        // The section opens in the sidebar, then the operation opens by its summary.
        var section = page.GetByText("School seasons", new() { Exact = true }).First;
        await Assertions.Expect(section).ToBeVisibleAsync(AdminPages.LongWait);
        await section.ClickAsync();
        await page.GetByText("Import a school's season", new() { Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("Starts a season job (202 at once)").First).ToBeVisibleAsync();
        // The 202 answer's example.
        await Assertions.Expect(page.GetByText("discovering").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("scalar-season.png"), FullPage = false });
        Assert.Empty(console.Problems);
    }
}
