using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sample;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.Sources.Tests;

public sealed class ScraperTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_meet_scraped_over_http_gives_the_rows_the_source_holds(bool legacyShape)
    {
        await using var harness = await SourceHarness.StartAsync(shape: new SampleShape { LegacyFlatResults = legacyShape });

        var snapshot = await harness.Scraper().ScrapeMeetAsync(harness.MeetId, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(harness.Meet.Meet, snapshot.Meet);
        Assert.Equal(harness.Meet.Venue, snapshot.Venue);
        Assert.Equal(harness.Meet.Races, snapshot.Races);
        Assert.Equal(harness.Meet.Results.Select(SourceHarness.Key), snapshot.Results.Select(SourceHarness.Key));
        Assert.Empty(snapshot.Rejected);
        Assert.Equal(harness.Meet.Schools.Count, snapshot.Schools.Count);
        // The whole meet is two calls, whatever the number of races.
        Assert.Equal(2, harness.Source.Requests.All.Count);
    }

    [Fact]
    public async Task A_race_missing_from_the_whole_meet_answer_falls_back_to_GetResultsData3_once()
    {
        var meet = SourceHarness.DefaultMeet();
        var missing = meet.Races[1].AthleticNetRaceId;
        await using var harness = await SourceHarness.StartAsync(
            shape: new SampleShape { RacesMissingFromWholeMeet = new HashSet<string> { missing }, NestedResultsXc = true }, meet: meet);
        var jobId = Guid.NewGuid();
        var scraper = harness.Scraper();

        await scraper.FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None);
        var fromWholeMeet = await scraper.ReadRaceAsync(harness.MeetId, meet.Races[0].AthleticNetRaceId, jobId, CancellationToken.None);
        var fallback = await scraper.ReadRaceAsync(harness.MeetId, missing, jobId, CancellationToken.None);
        var again = await harness.Scraper().ReadRaceAsync(harness.MeetId, missing, jobId, CancellationToken.None);

        Assert.Equal(RaceRowsOrigin.WholeMeet, fromWholeMeet.Origin);
        Assert.Equal(RaceRowsOrigin.PerRace, fallback.Origin);
        Assert.Equal(meet.Results.Where(r => r.AthleticNetRaceId == missing).Select(SourceHarness.Key), fallback.Results.Select(SourceHarness.Key));
        Assert.Equal(fallback.Results.Select(SourceHarness.Key), again.Results.Select(SourceHarness.Key));
        Assert.Equal(1, harness.Source.Requests.Count("GetResultsData3"));
    }

    [Fact]
    public async Task Another_silo_reads_races_from_the_stored_responses_without_fetching()
    {
        await using var harness = await SourceHarness.StartAsync();
        var jobId = Guid.NewGuid();
        await harness.Scraper().FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None);
        var calls = harness.Source.Requests.All.Count;

        var otherSilo = harness.Scraper();
        foreach (var race in harness.Meet.Races)
        {
            var rows = await otherSilo.ReadRaceAsync(harness.MeetId, race.AthleticNetRaceId, jobId, CancellationToken.None);
            Assert.Equal(harness.Meet.Results.Count(r => r.AthleticNetRaceId == race.AthleticNetRaceId), rows.RowCount);
        }

        await otherSilo.FetchMeetAsync(harness.MeetId, jobId, CancellationToken.None);
        Assert.Equal(calls, harness.Source.Requests.All.Count);
        Assert.Equal(2, await harness.Store.CountAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_metadata_lists_the_races_and_stores_nothing()
    {
        await using var harness = await SourceHarness.StartAsync();

        var metadata = await harness.Scraper().FetchMetadataAsync(harness.MeetId, CancellationToken.None);

        Assert.Equal(harness.Meet.Races, metadata.Races);
        Assert.Equal("Riverbend Park", metadata.Venue?.Name);
        await using var command = harness.Database.DataSource.CreateCommand("SELECT count(*) FROM source_responses");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_meet_with_no_races_is_a_clear_no_races_found_error()
    {
        await using var harness = await SourceHarness.StartAsync();

        var error = await Assert.ThrowsAsync<NoRacesFoundException>(() => harness.Scraper().FetchMetadataAsync("900009", CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("No races found for meet 900009", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_meet_is_not_found()
    {
        await using var harness = await SourceHarness.StartAsync();

        var error = await Assert.ThrowsAsync<MeetNotFoundException>(() => harness.Scraper().FetchMetadataAsync("123456", CancellationToken.None));

        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_generated_meet_scraped_from_the_sample_source_gives_the_generators_rows()
    {
        var generated = MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = "910001", RaceCount = 14, TotalResults = 900, WholeSeconds = true, NonFinisherRate = 0.05, MissingGradeRate = 0.05 });
        await using var harness = await SourceHarness.StartAsync(meet: generated);

        var snapshot = await harness.Scraper().ScrapeMeetAsync(harness.MeetId, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(generated.Races.Select(r => r with { CourseName = null }), snapshot.Races);
        Assert.Equal(generated.Results.Select(Compared), snapshot.Results.Select(Compared));
        Assert.Empty(snapshot.Rejected);
    }

    // The API names no course and gives the school as its team id and name (no synthetic key).
    private static object Compared(ResultRecord r) =>
        (r.AthleticNetRaceId, r.AthleteName, r.SchoolName, r.Grade, r.TimeCs, r.Status, r.Place, r.NeedsReview);
}
