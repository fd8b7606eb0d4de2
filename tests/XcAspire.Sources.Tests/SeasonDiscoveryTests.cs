using System.Globalization;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Sources.Tests;

/// <summary>A school's season from the sample source: GetTeamCore, then GetCalendar with the team's token.</summary>
public sealed class SeasonDiscoveryTests
{
    private const string School = "7001";
    private const int Year = 2024;

    [Fact]
    public async Task A_season_lists_its_meets_with_results_posted_or_not_in_date_order()
    {
        var (catalog, season) = Catalog();
        await using var harness = await SourceHarness.StartAsync(catalog: catalog);

        var found = await harness.Discovery().DiscoverAsync(School, Year, seasonJobId: null, CancellationToken.None);

        Assert.Equal("North Example", found.TeamName);
        Assert.Equal(
            season.Meets.Select(m => (m.MeetId, m.Name, (DateOnly?)m.Date, m.HasResults)),
            found.Meets.Select(m => (m.MeetId, m.Name, m.Date, m.HasResults)));
        Assert.Equal(2, found.Meets.Count(m => !m.HasResults));
        Assert.Equal(1, harness.Source.Requests.Count("GetTeamCore"));
        Assert.Equal(1, harness.Source.Requests.Count("GetCalendar"));
    }

    [Fact]
    public async Task A_season_job_stores_both_answers_and_a_second_discovery_asks_the_source_nothing()
    {
        var (catalog, _) = Catalog();
        await using var harness = await SourceHarness.StartAsync(catalog: catalog);
        var jobId = Guid.NewGuid();

        var first = await harness.Discovery().DiscoverAsync(School, Year, jobId, CancellationToken.None);
        var second = await harness.Discovery().DiscoverAsync(School, Year, jobId, CancellationToken.None);

        Assert.Equal(first.Meets, second.Meets);
        Assert.Equal(2, await harness.Store.CountAsync(jobId, CancellationToken.None));
        Assert.Equal(2, harness.Source.Requests.All.Count);
    }

    [Theory]
    [InlineData("999999", Year, "GetTeamCore answered HTTP 500")]
    [InlineData(School, 2019, "its calendar for the year lists no meet")]
    public async Task A_school_the_source_does_not_know_for_the_year_is_not_found(string school, int year, string why)
    {
        var (catalog, _) = Catalog();
        await using var harness = await SourceHarness.StartAsync(catalog: catalog);

        var error = await Assert.ThrowsAsync<TeamNotFoundException>(() => harness.Discovery().DiscoverAsync(school, year, null, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains($"/team/{school}/cross-country/{year}", error.Message, StringComparison.Ordinal);
        // Not found is an answer, not an outage: asked once.
        Assert.Equal(1, harness.Source.Requests.Count("GetTeamCore"));
    }

    [Fact]
    public async Task A_calendar_longer_than_a_season_is_refused_and_says_so()
    {
        var team = SampleSeasons.School(School);
        var rows = Enumerable.Range(0, SchoolSeason.MaxMeets + 1)
            .Select(i => new SampleCalendarMeet((800_000 + i).ToString(CultureInfo.InvariantCulture), $"Meet {i}", new DateOnly(Year, 9, 1).AddDays(i), HasResults: true))
            .ToList();
        await using var harness = await SourceHarness.StartAsync(catalog: new InMemorySampleMeetCatalog([], [new SampleTeamSeason(team, Year, rows)]));

        var error = await Assert.ThrowsAsync<CalendarTooLongException>(() => harness.Discovery().DiscoverAsync(School, Year, null, CancellationToken.None));

        Assert.Contains($"lists {SchoolSeason.MaxMeets + 1} meets; a season import takes at most {SchoolSeason.MaxMeets}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GetTeamCore")]
    [InlineData("GetCalendar")]
    public async Task A_challenge_page_on_either_call_stops_at_once(string path)
    {
        var (catalog, _) = Catalog();
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule(path, SampleFault.Challenge, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults, catalog: catalog);

        var error = await Assert.ThrowsAsync<SourceChallengeException>(() => harness.Discovery().DiscoverAsync(School, Year, Guid.NewGuid(), CancellationToken.None));

        Assert.Contains("Cloudflare challenge", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Source.Requests.Count(path));
    }

    [Fact]
    public async Task A_calendar_answer_over_the_size_cap_is_refused_unread()
    {
        var (catalog, _) = Catalog();
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule("GetCalendar", SampleFault.HugeBody, Rate: 1.0)] };
        await using var harness = await SourceHarness.StartAsync(faults, catalog: catalog);

        var error = await Assert.ThrowsAsync<SourceResponseInvalidException>(
            () => harness.Discovery(o => o.MaxResponseSize = 64 * 1024).DiscoverAsync(School, Year, null, CancellationToken.None));

        Assert.Contains("Source:MaxResponseSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_fault_on_the_calendar_is_retried()
    {
        var (catalog, season) = Catalog();
        var faults = new SampleFaultPlan { Rules = [new SampleFaultRule("GetCalendar", SampleFault.TooManyRequests, FirstCalls: 1)] };
        await using var harness = await SourceHarness.StartAsync(faults, catalog: catalog);

        var found = await harness.Discovery().DiscoverAsync(School, Year, null, CancellationToken.None);

        Assert.Equal(season.Meets.Count, found.Meets.Count);
        Assert.Equal(2, harness.Source.Requests.Count("GetCalendar"));
    }

    [Fact]
    public void Calendar_rows_without_a_meet_id_are_left_out_with_a_warning_and_an_object_shape_is_read()
    {
        const string body = """
            {"calendar":[
              {"MeetID":101,"Name":"Opener","StartDate":"2024-09-07T00:00:00","MeetHasResults":1},
              {"MeetID":null,"Name":"Team picnic","StartDate":"2024-09-10T00:00:00","MeetHasResults":false},
              {"MeetID":"102","Name":"Dual","StartDate":"2024-09-14T00:00:00","MeetHasResults":"false"},
              {"MeetID":101,"Name":"Opener","StartDate":"2024-09-07T00:00:00","MeetHasResults":true}
            ]}
            """;
        var warnings = new List<string>();

        var meets = TeamCalendarReader.ReadCalendar(body, "https://example.test/cal", warnings);

        Assert.Equal([new CalendarMeet("101", "Opener", new DateOnly(2024, 9, 7), true), new CalendarMeet("102", "Dual", new DateOnly(2024, 9, 14), false)], meets);
        Assert.Single(warnings, w => w.Contains("row 2", StringComparison.Ordinal));
    }

    /// <summary>School 7001's 2024 season: four meets with results, one not posted, one still to come.</summary>
    private static (InMemorySampleMeetCatalog Catalog, SampleTeamSeason Season) Catalog()
    {
        var meets = new List<MeetSnapshot>(SampleSeasons.SmallMeets(700_001, 4, Year))
        {
            SampleSeasons.NotPosted("700010", "League Dual", new DateOnly(Year, 10, 12)),
            SampleSeasons.Upcoming("700011", "State Meet", Year, DateOnly.FromDateTime(DateTime.UtcNow)),
        };
        var season = SampleSeasons.Calendar(SampleSeasons.School(School), Year, meets);
        return (new InMemorySampleMeetCatalog(meets, [season]), season);
    }
}
