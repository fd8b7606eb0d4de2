using System.Net;
using System.Text.Json;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;

namespace XcAspire.Api.Tests;

/// <summary>The seed's flow through the API with real silos, the sample source over HTTP and PostgreSQL.</summary>
[Collection(ImportFlowCollection.Name)]
public sealed class ImportFlowTests(ImportFlowFixture flow)
{
    private readonly FlowClient _api = new(flow.Api.AdminClient());

    [Fact]
    public async Task Fetch_scrape_and_import_a_meet_then_counts_and_reconciliation_match_the_generated_meet()
    {
        var meet = flow.Catalog["910001"];
        var metadata = await _api.PostAsync("import-meet/fetch-metadata", new { meetId = "910001" });
        Assert.Equal("Flow Invitational", metadata.GetProperty("meet").GetProperty("name").GetString());
        Assert.Equal(meet.Races.Count, metadata.GetProperty("races").GetArrayLength());
        Assert.All(metadata.GetProperty("races").EnumerateArray(), r => Assert.Contains(r.GetProperty("gender").GetString(), new[] { "M", "F" }));

        var started = await _api.PostAsync("import-meet/start-scrape", new { meetId = "910001", metadata = FlowClient.NewVenueAndCourses(metadata) });
        var jobId = started.GetProperty("jobId").GetString()!;
        var folder = Path.Combine(flow.Api.DataRoot, started.GetProperty("directoryPath").GetString()!);
        var scraped = await _api.WaitForStatusAsync(jobId, "scraping_complete");
        Assert.Equal(meet.Races.Count, scraped.GetProperty("progress_total").GetInt32());
        Assert.Equal(meet.Races.Count, scraped.GetProperty("progress_current").GetInt32());
        Assert.False(scraped.GetProperty("autoImport").GetBoolean());

        // The people's export of the scrape: one results file per race, and a folder the reader accepts.
        Assert.Equal(meet.Races.Count, Directory.GetFiles(folder, "results_race_*.csv").Length);
        var exported = MeetFolderReader.Read(folder);
        Assert.True(meet.Results.Count == exported.Results.Count,
            $"export read back {exported.Results.Count} results, {exported.Rejected.Count} rejected: {string.Join("; ", exported.Rejected.Take(3).Select(r => r.Reason))}");
        // Its metadata.json counts what the races staged, so reading the folder back raises no warning.
        Assert.Empty(exported.Warnings);

        await _api.PostAsync("import-meet/start-import", new { jobId });
        var done = await _api.WaitForStatusAsync(jobId, "importing_complete");
        // autoImport says what the job does now (JobStatusResponse.AutoImportMeaning): start-import turned it on.
        Assert.True(done.GetProperty("autoImport").GetBoolean());
        var results = done.GetProperty("results");
        var rows = meet.Results.Count + meet.Rejected.Count;
        Assert.Equal(rows, results.GetProperty("read").GetInt32());
        Assert.Equal(rows, results.GetProperty("inserted").GetInt32() + results.GetProperty("already_present").GetInt32()
            + results.GetProperty("updated").GetInt32() + results.GetProperty("rejected").GetInt32());
        Assert.Equal(meet.Rejected.Count, results.GetProperty("rejected").GetInt32());
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), await CountAsync("results", "910001"));
        Assert.Equal(meet.Results.Count(r => r.Status != FinishStatus.Finished), await CountAsync("non_finishers", "910001"));

        var report = await _api.GetAsync($"jobs/{jobId}/reconciliation");
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), report.GetProperty("sourceRows").GetInt32());
        foreach (var category in report.GetProperty("categories").EnumerateArray())
        {
            if (category.GetProperty("category").GetString() is "missing_athlete_present" or "missing_athlete_absent" or "extra_in_db")
            {
                Assert.Equal(0, category.GetProperty("count").GetInt32());
            }
        }

        var outcomes = await _api.GetAsync($"jobs/{jobId}/outcomes");
        Assert.Equal(meet.Races.Count, outcomes.GetProperty("races").GetArrayLength());
        Assert.Equal(rows, outcomes.GetProperty("races").EnumerateArray().Sum(r => r.GetProperty("read").GetInt32()));

        // The operator's view of the same job: every race imported, on some silo, with its counts.
        var grain = await _api.GetAsync("meets/910001/grain");
        Assert.Contains("imported", grain.ToString());

        // Removing the meet's results takes them all, and a second import puts them back as new rows.
        var removed = await _api.PostAsync("maintenance/meets/910001/remove-results", new { });
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), removed.GetProperty("resultsRemoved").GetInt32());
        Assert.Equal(0, await CountAsync("results", "910001"));
        var rebuilt = await _api.PostAsync("maintenance/rebuild-derived", new { });
        Assert.Equal("all", rebuilt.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_second_scrape_of_a_meet_with_an_active_job_answers_409_with_that_job()
    {
        var metadata = await _api.PostAsync("import-meet/fetch-metadata", new { meetId = "910003" });
        var first = await _api.PostAsync("import-meet/start-scrape", new { meetId = "910003", metadata = FlowClient.NewVenueAndCourses(metadata) });
        var conflict = await _api.PostAsync(
            "import-meet/start-scrape", new { meetId = "910003", metadata = FlowClient.NewVenueAndCourses(metadata) }, HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("jobId").GetString(), conflict.GetProperty("jobId").GetString());
        await _api.WaitForStatusAsync(first.GetProperty("jobId").GetString()!, "scraping_complete");
        Assert.Equal(1L, await flow.Database.ScalarAsync<long>("SELECT count(*) FROM import_jobs WHERE meet_id = '910003'"));
    }

    [Fact]
    public async Task A_dry_run_of_a_folder_returns_the_outcomes_and_writes_nothing()
    {
        var meet = flow.Catalog["910004"];
        MeetFolderWriter.Write(meet, Path.Combine(flow.Api.DataRoot, "dry", "meet_910004"), MeetFolderLayout.SingleResults, spreadsheetDamage: true);

        var dry = await _api.PostAsync("import-meet/start-import", new { directoryPath = "dry/meet_910004", dryRun = true });
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        var results = dry.GetProperty("results");
        Assert.Equal(meet.Results.Count + meet.Rejected.Count, results.GetProperty("read").GetInt32());
        Assert.Equal(meet.Results.Count, results.GetProperty("inserted").GetInt32());
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), dry.GetProperty("reconciliation").GetProperty("sourceRows").GetInt32());
        Assert.Equal(0L, await flow.Database.ScalarAsync<long>("SELECT count(*) FROM import_jobs WHERE meet_id = '910004'"));
        Assert.Equal(0L, await flow.Database.ScalarAsync<long>("SELECT count(*) FROM meets WHERE athletic_net_id = '910004'"));
    }

    [Fact]
    public async Task Folders_import_by_directory_path_and_in_bulk_and_a_broken_folder_is_reported_not_fatal()
    {
        var meet = flow.Catalog["910005"];
        MeetFolderWriter.Write(meet, Path.Combine(flow.Api.DataRoot, "single", "meet_910005"), MeetFolderLayout.SplitResults);
        var started = await _api.PostAsync("import-meet/start-import", new { directoryPath = Path.Combine(flow.Api.DataRoot, "single", "meet_910005") });
        Assert.Equal("910005", started.GetProperty("meetId").GetString());
        var done = await _api.WaitForStatusAsync(started.GetProperty("jobId").GetString()!, "importing_complete");
        Assert.Equal(meet.Results.Count, done.GetProperty("results").GetProperty("inserted").GetInt32());
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), await CountAsync("results", "910005"));

        // The backlog: the same meet again (all already present) beside a folder missing a column.
        var backlog = Path.Combine(flow.Api.DataRoot, "backlog");
        MeetFolderWriter.Write(meet, Path.Combine(backlog, "meet_910005_again"), MeetFolderLayout.PerRaceResults);
        var broken = Path.Combine(backlog, "meet_broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "meets.csv"), "athletic_net_id,meet_date\n123,2025-10-04\n");
        var bulk = await _api.PostAsync("import-meet/import-folders", new { under = "backlog" });
        var folders = bulk.GetProperty("folders").EnumerateArray().ToList();
        Assert.Equal(2, folders.Count);
        var failed = Assert.Single(folders, f => f.GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.Contains("meets.csv", failed.GetProperty("error").GetString());
        var again = Assert.Single(folders, f => f.GetProperty("jobId").ValueKind == JsonValueKind.String);
        var second = await _api.WaitForStatusAsync(again.GetProperty("jobId").GetString()!, "importing_complete");
        Assert.Equal(meet.Results.Count, second.GetProperty("results").GetProperty("already_present").GetInt32());
        Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), await CountAsync("results", "910005"));
    }

    [Theory]
    [InlineData("import-meet/fetch-metadata", """{"meetId":"999999"}""", HttpStatusCode.NotFound)]
    [InlineData("import-meet/fetch-metadata", """{"meetId":"12ab"}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-scrape", """{"meetId":"910001","metadata":{"venue":{},"courses":[]}}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-scrape", """{"meetId":"910001","metadata":{"courses":[{"distanceMeters":5000,"name":"x","difficultyRating":7}]}}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{"jobId":"00000000-0000-0000-0000-000000000001","directoryPath":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{"jobId":"00000000-0000-0000-0000-000000000001"}""", HttpStatusCode.NotFound)]
    [InlineData("import-meet/start-import", """{"directoryPath":"../etc"}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{"directoryPath":"/etc"}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{"directoryPath":"%2e%2e/etc"}""", HttpStatusCode.BadRequest)]
    [InlineData("import-meet/start-import", """{"directoryPath":"no-such-folder"}""", HttpStatusCode.NotFound)]
    [InlineData("import-meet/import-folders", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("maintenance/meets/12x/remove-results", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("maintenance/meets/777777/remove-results", """{}""", HttpStatusCode.NotFound)]
    [InlineData("review/athletes/not-a-uuid/resolve", """{"resolution":"ignored"}""", HttpStatusCode.BadRequest)]
    [InlineData("review/athletes/00000000-0000-0000-0000-000000000001/resolve", """{"resolution":"merge-please"}""", HttpStatusCode.BadRequest)]
    public async Task Refusals_are_problem_details_with_the_status_that_fits(string path, string body, HttpStatusCode expected)
    {
        using var http = flow.Api.AdminClient();
        using var response = await http.PostAsync("/api/admin/" + path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_endpoints_list_the_silos_from_orleans_membership_and_name_a_meet_without_jobs()
    {
        using var http = flow.Api.AdminClient();
        using var silos = await http.GetAsync("/api/admin/silos");
        Assert.Equal(HttpStatusCode.OK, silos.StatusCode);
        var listed = JsonDocument.Parse(await silos.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, listed.Count(s => s.GetProperty("status").GetString() == "active"));
        Assert.All(listed, s => Assert.Contains(s.GetProperty("name").GetString(), flow.Cluster.Silos.Select(h => h.Name)));

        using var unknown = await http.GetAsync("/api/admin/meets/123/grain");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("never had an import job", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served_behind_the_admin_credential()
    {
        using var anonymous = flow.Api.Factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri(flow.BaseUrl) });
        using var refused = await anonymous.GetAsync("/admin/orleans/");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        using var refusedData = await anonymous.GetAsync("/admin/orleans/DashboardCounters");
        Assert.NotEqual(HttpStatusCode.OK, refusedData.StatusCode);

        using var admin = flow.Api.AdminClient();
        using var page = await admin.GetAsync("/admin/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_directory_path_through_a_symlink_out_of_the_data_root_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("xc-outside-").FullName;
        MeetFolderWriter.Write(flow.Catalog["910005"], outside, MeetFolderLayout.SingleResults);
        Directory.CreateSymbolicLink(Path.Combine(flow.Api.DataRoot, "escape"), outside);
        try
        {
            var problem = await _api.PostAsync("import-meet/start-import", new { directoryPath = "escape" }, HttpStatusCode.BadRequest);
            Assert.Contains("symbolic link", problem.GetProperty("detail").GetString());
            await _api.PostAsync("import-meet/import-folders", new { directoryPaths = new[] { "escape" } }, HttpStatusCode.BadRequest);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private Task<long> CountAsync(string table, string meetId) =>
        flow.Database.ScalarAsync<long>($"SELECT count(*) FROM {table} t JOIN meets m ON m.id = t.meet_id WHERE m.athletic_net_id = '{meetId}'");
}
