using System.Text.RegularExpressions;
using Microsoft.Playwright;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Sample;

namespace XcAspire.Api.Tests;

/// <summary>
/// The rest of the admin workflow in a real Chromium, as a new user meets it: a meet folder waiting under
/// the data root imported from the folder list, its result review item resolved on the review page, and
/// the finished job's summary opened again from the jobs page.
/// </summary>
[Collection(ImportFlowCollection.Name)]
public sealed class AdminWorkflowBrowserTests(ImportFlowFixture flow)
{
    private const string Folder = "to-be-processed/meet_960001";

    [Fact]
    public async Task A_waiting_folder_imports_from_the_list_its_review_item_resolves_and_its_summary_opens_from_the_jobs_page()
    {
        // One athlete listed twice in a race with two times: the import keeps both and puts them in the result review queue.
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions
        {
            MeetId = "960001", MeetName = "Folder Review Invitational", RaceCount = 3, TotalResults = 90, SchoolCount = 6, Seed = 31, TwiceInRaceCount = 1,
        });
        MeetFolderWriter.Write(meet, Path.Combine(flow.Api.DataRoot, Folder), MeetFolderLayout.PerRaceResults);
        var api = new FlowClient(flow.Api.AdminClient());
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, console) = await AdminPages.OpenAsync(browser, flow.BaseUrl, "/admin/folders");

        var row = page.Locator("#folders tbody tr", new() { HasText = Folder });
        await Assertions.Expect(row).ToContainTextAsync("Folder Review Invitational (960001)");
        await Assertions.Expect(row).ToContainTextAsync("waiting");
        await row.Locator("[data-dry-run]").ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync($"{meet.Results.Count} rows, {meet.Results.Count} would be inserted");
        Assert.Equal(0L, await flow.Database.ScalarAsync<long>("SELECT count(*) FROM meets WHERE athletic_net_id = '960001'"));
        await row.Locator("[data-import]").ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync($"Importing {Folder}");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("folders.png"), FullPage = true });
        var jobId = (await flow.Database.ScalarAsync<Guid>($"SELECT id FROM import_jobs WHERE directory_path = '{Folder}'")).ToString();
        await api.WaitForStatusAsync(jobId, "importing_complete");

        // The review page lists the meet's two times for one athlete; keeping the first resolves the item.
        await page.GotoAsync(flow.BaseUrl + "/admin/review");
        var item = page.Locator("#results tbody tr", new() { HasText = meet.Meet.Name });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("review.png"), FullPage = true });
        await item.Locator("[data-resolve='keep_first']").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal("resolved", await flow.Database.ScalarAsync<string>(
            "SELECT p.status FROM potential_duplicates p JOIN meets m ON m.id = p.meet_id WHERE m.athletic_net_id = '960001'"));

        // The finished job's summary, again, from the jobs page.
        await page.GotoAsync(flow.BaseUrl + "/admin/jobs");
        await page.ClickAsync($"a[data-job='{jobId}']");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/admin/jobs/{jobId}$"));
        await Assertions.Expect(page.Locator("#summary-status")).ToContainTextAsync("importing complete");
        await Assertions.Expect(page.Locator("[data-count='read'] b")).ToHaveTextAsync(meet.Results.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#reconciliation [data-count='missing_athlete_absent'] b")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#review-results")).ToContainTextAsync("No result to review.");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("job-summary.png"), FullPage = true });
        Assert.Empty(console.Problems);
    }
}
