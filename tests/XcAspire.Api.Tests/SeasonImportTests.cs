using System.Net;
using System.Text.Json;
using XcAspire.Silo.Import;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources;
using XcAspire.Testing;

namespace XcAspire.Api.Tests;

/// <summary>A school's season through the API: preview, import as one season job on two silos, follow it, and bad input.</summary>
[Collection(ImportFlowCollection.Name)]
public sealed class SeasonImportTests(ImportFlowFixture flow)
{
    private const string School = SeasonCatalog.ApiSchool;
    private const int Year = SeasonCatalog.Year;

    [Fact]
    public async Task A_season_imports_every_meet_with_results_once_skips_the_rest_and_accounts_for_every_row()
    {
        var api = new FlowClient(flow.Api.AdminClient());
        var calendar = flow.Seasons.Calendar(School);
        // One meet of the season is in the database already.
        var first = flow.Seasons.Meet(calendar.Meets[0].MeetId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var notPosted = calendar.Meets.Single(m => !m.HasResults && m.Date <= today).MeetId;
        var upcoming = calendar.Meets.Single(m => !m.HasResults && m.Date > today).MeetId;
        await new MeetImporter(flow.Database.DataSource).ImportAsync(first, null, dryRun: false, CancellationToken.None);

        var preview = await api.PostAsync("season-preview", new { schoolId = School, seasonYear = Year });
        Assert.Equal(calendar.Team.Name, preview.GetProperty("teamName").GetString());
        var plans = preview.GetProperty("meets").EnumerateArray().ToDictionary(m => m.GetProperty("meetId").GetString()!, m => m.GetProperty("plan").GetString());
        Assert.Equal(calendar.Meets.Count, plans.Count);
        Assert.Equal("skip_already_imported", plans[first.Meet.AthleticNetMeetId]);
        Assert.Equal("skip_no_results", plans[notPosted]);
        Assert.Equal("skip_upcoming", plans[upcoming]);
        Assert.Equal(calendar.Meets.Count - 3, plans.Values.Count(p => p == "import"));

        // Numbers or strings of digits both do; the answer is at once, with where to follow the season.
        var accepted = await api.PostAsync("import-season", new { schoolId = int.Parse(School), seasonYear = Year.ToString() }, HttpStatusCode.Accepted);
        var seasonJobId = accepted.GetProperty("seasonJobId").GetString()!;
        Assert.Equal($"/api/admin/seasons/{seasonJobId}", accepted.GetProperty("statusUrl").GetString());
        var again = await api.PostAsync("import-season", new { schoolId = School, seasonYear = Year }, HttpStatusCode.Conflict);
        Assert.Equal(seasonJobId, again.GetProperty("seasonJobId").GetString());

        var season = await WaitForSeasonAsync(api, seasonJobId, "complete");

        var meets = season.GetProperty("meets").EnumerateArray().ToDictionary(m => m.GetProperty("meetId").GetString()!);
        var imported = calendar.Meets.Where(m => m.HasResults && m.MeetId != first.Meet.AthleticNetMeetId).ToList();
        Assert.All(imported, m =>
        {
            Assert.Equal("imported", meets[m.MeetId].GetProperty("state").GetString());
            Assert.Equal("importing_complete", meets[m.MeetId].GetProperty("jobStatus").GetString());
        });
        Assert.Equal("already_imported", meets[first.Meet.AthleticNetMeetId].GetProperty("state").GetString());
        Assert.Equal("no_results", meets[notPosted].GetProperty("state").GetString());
        Assert.Equal("upcoming", meets[upcoming].GetProperty("state").GetString());
        var byState = season.GetProperty("meetsByState");
        Assert.Equal(imported.Count, byState.GetProperty("imported").GetInt32());
        Assert.Empty(season.GetProperty("errors").EnumerateArray());

        // Every row of every imported meet is accounted for, in the season's totals and in the database.
        var results = season.GetProperty("results");
        var rows = imported.Sum(m => flow.Seasons.Meet(m.MeetId).Results.Count);
        Assert.Equal(rows, results.GetProperty("read").GetInt32());
        Assert.Equal(rows, results.GetProperty("inserted").GetInt32() + results.GetProperty("already_present").GetInt32()
                           + results.GetProperty("updated").GetInt32() + results.GetProperty("rejected").GetInt32());
        foreach (var meet in imported.Select(m => flow.Seasons.Meet(m.MeetId)))
        {
            Assert.Equal(meet.Results.Count(r => r.Status == FinishStatus.Finished), await flow.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM results r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '{meet.Meet.AthleticNetMeetId}'"));
        }

        // A second import of the season finds everything imported: nothing runs twice.
        var second = await api.PostAsync("import-season", new { schoolId = School, seasonYear = Year }, HttpStatusCode.Accepted);
        var skipped = await WaitForSeasonAsync(api, second.GetProperty("seasonJobId").GetString()!, "complete");
        Assert.Equal(imported.Count + 1, skipped.GetProperty("meetsByState").GetProperty("already_imported").GetInt32());
        Assert.Equal(0, skipped.GetProperty("results").GetProperty("read").GetInt32());

        // The finished season's stream sends its state once and ends; the list has both season jobs.
        using var stream = await flow.Api.AdminClient().GetAsync($"/api/admin/seasons/{seasonJobId}/stream");
        var events = await stream.Content.ReadAsStringAsync();
        Assert.Contains("event: season", events, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"complete\"", events, StringComparison.Ordinal);
        var list = await api.GetAsync("seasons?status=complete");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("seasonJobId").GetString() == seasonJobId);
    }

    [Theory]
    [InlineData("""{"schoolId":"abc","seasonYear":2024}""", "'schoolId' must be a whole number")]
    [InlineData("""{"schoolId":7003,"seasonYear":"20x4"}""", "'seasonYear' must be a whole number")]
    [InlineData("""{"schoolId":7003,"seasonYear":1989}""", "seasonYear must be a year from 1990 to")]
    [InlineData("""{"schoolId":7003,"seasonYear":2999}""", "seasonYear must be a year from 1990 to")]
    [InlineData("""{"schoolId":-4,"seasonYear":2024}""", "schoolId is required")]
    [InlineData("""{"seasonYear":2024}""", "schoolId is required")]
    public async Task A_school_or_year_that_is_not_one_is_refused(string body, string detail)
    {
        using var client = flow.Api.AdminClient();
        foreach (var path in new[] { "season-preview", "import-season" })
        {
            using var response = await client.PostAsync("/api/admin/" + path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("999999", 2024, "GetTeamCore answered HTTP 500")]
    [InlineData(School, 2019, "its calendar for the year lists no meet")]
    public async Task A_school_season_the_source_does_not_know_is_a_404_that_says_so(string school, int year, string why)
    {
        var api = new FlowClient(flow.Api.AdminClient());

        var problem = await api.PostAsync("season-preview", new { schoolId = school, seasonYear = year }, HttpStatusCode.NotFound);

        Assert.Equal("The source has no such school season", problem.GetProperty("title").GetString());
        Assert.Contains($"School {school} has no {year} cross-country season at the source ({why})", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Import-season answers at once; its season then ends in error with the same reason.
        var accepted = await api.PostAsync("import-season", new { schoolId = school, seasonYear = year }, HttpStatusCode.Accepted);
        var season = await WaitForSeasonAsync(api, accepted.GetProperty("seasonJobId").GetString()!, "error");
        Assert.Contains(why, season.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calendar_of_hundreds_of_meets_is_refused_and_so_are_too_many_meet_ids()
    {
        var api = new FlowClient(flow.Api.AdminClient());

        var problem = await api.PostAsync(
            "season-preview", new { schoolId = SeasonCatalog.AssociationTeam, seasonYear = Year }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"lists 150 meets; a season import takes at most {SchoolSeason.MaxMeets}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var tooMany = Enumerable.Range(0, SchoolSeason.MaxMeets + 1).Select(i => (950_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var refused = await api.PostAsync("import-season", new { schoolId = SeasonCatalog.AssociationTeam, seasonYear = Year, meetIds = tooMany }, HttpStatusCode.BadRequest);
        Assert.Contains($"lists 1 to {SchoolSeason.MaxMeets} meets", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notIds = await api.PostAsync("import-season", new { schoolId = School, seasonYear = Year, meetIds = new[] { "930001", "x1" } }, HttpStatusCode.BadRequest);
        Assert.Contains("meetIds[1] must be an Athletic.net id", notIds.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_shows_the_season_endpoints_with_their_examples()
    {
        using var client = flow.Api.Factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        var import = paths.GetProperty("/api/admin/import-season").GetProperty("post");
        Assert.Equal("Import a school's season", import.GetProperty("summary").GetString());
        Assert.Contains("202 at once", import.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(7001, Example(import.GetProperty("requestBody")).GetProperty("schoolId").GetInt32());
        Assert.Equal("discovering", Example(import.GetProperty("responses").GetProperty("202")).GetProperty("status").GetString());
        Assert.True(Example(import.GetProperty("responses").GetProperty("409")).TryGetProperty("seasonJobId", out _));
        var preview = paths.GetProperty("/api/admin/season-preview").GetProperty("post");
        Assert.Equal("North Example", Example(preview.GetProperty("responses").GetProperty("200")).GetProperty("teamName").GetString());
        Assert.Equal(404, Example(preview.GetProperty("responses").GetProperty("404")).GetProperty("status").GetInt32());
        var status = paths.GetProperty("/api/admin/seasons/{seasonJobId}").GetProperty("get");
        Assert.Equal("importing_complete", Example(status.GetProperty("responses").GetProperty("200")).GetProperty("meets")[1].GetProperty("jobStatus").GetString());
        Assert.True(paths.TryGetProperty("/api/admin/import-meet/folders", out _));

        static JsonElement Example(JsonElement body) => body.GetProperty("content").EnumerateObject().First().Value.GetProperty("example");
    }

    private static async Task<JsonElement> WaitForSeasonAsync(FlowClient api, string seasonJobId, string status)
    {
        JsonElement last = default;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await api.GetAsync($"seasons/{seasonJobId}");
                var now = last.GetProperty("status").GetString();
                Assert.False(now != status && now is "complete" or "completed_with_errors" or "error" or "cancelled", $"season {seasonJobId} ended {now}: {last}");
                return now == status;
            },
            TimeSpan.FromSeconds(180),
            $"season {seasonJobId} to reach {status}");
        return last;
    }
}
