using Npgsql;
using XcAspire.Silo.Import;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>The importer finds the site's own meets, races, schools and athletes in the adopted database.</summary>
public sealed class ReimportIntoAdoptedTests
{
    private const int Season = 2025;

    [Fact]
    public async Task Re_importing_a_site_meet_finds_every_result_already_present()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        var rows = await SiteRowsAsync(db.DataSource, "1001");
        var counts = await CountsAsync(db);

        var meet = Snapshot([Race("1001", "Mens 2.95 Miles Varsity", "M")], rows);
        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(rows.Count, result.Counts.Read);
        Assert.Equal(rows.Count, result.Counts.AlreadyPresent);
        Assert.Equal(counts, await CountsAsync(db));
    }

    [Fact]
    public async Task A_new_race_of_a_site_meet_reuses_the_site_athletes_and_flags_a_middle_name_variant()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        var known = await SiteRowsAsync(db.DataSource, "1001");
        var variant = known.First(r => r.AthleteName.Split(' ').Length == 2);
        var parts = variant.AthleteName.Split(' ');
        var rows = known.Take(5).Select(r => r with { AthleticNetRaceId = "1003", TimeCs = r.TimeCs + 3000 })
            .Append(variant with { AthleticNetRaceId = "1003", AthleteName = $"{parts[0]} Quinn {parts[1]}", TimeCs = 99000 })
            .Distinct()
            .ToList();
        var athletesBefore = await db.ScalarAsync<int>("SELECT count(*) FROM athletes");
        var flagsBefore = await db.ScalarAsync<int>("SELECT count(*) FROM potential_duplicate_athletes");

        var meet = Snapshot([Race("1003", "Mens 2.95 Miles JV", "M")], rows);
        var result = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(rows.Count, result.Counts.Inserted);
        Assert.Equal(athletesBefore, await db.ScalarAsync<int>("SELECT count(*) FROM athletes"));
        Assert.Equal(flagsBefore + 1, await db.ScalarAsync<int>("SELECT count(*) FROM potential_duplicate_athletes"));
        Assert.Equal(rows.Count, await db.ScalarAsync<int>(
            "SELECT count(*) FROM results r JOIN races ra ON ra.id = r.race_id WHERE ra.athletic_net_race_id = '1003'"));
    }

    private static MeetSnapshot Snapshot(IReadOnlyList<RaceRecord> races, IReadOnlyList<ResultRecord> results) =>
        new(
            new MeetRecord("254535", "Crystal Springs Invitational", new DateOnly(2025, 9, 20), Season, "Crystal Springs", "invitational"),
            new VenueRecord("Crystal Springs", "Belmont", "CA"),
            [new CourseRecord("Crystal Springs, 2.95 Miles", "Crystal Springs", 4747, "2.95 Miles", 1.177m)],
            races,
            [],
            results,
            [],
            []);

    private static RaceRecord Race(string id, string title, string gender) =>
        new(id, title, gender, 4747, "varsity", "Crystal Springs, 2.95 Miles");

    /// <summary>The race's results as a source would give them: name, school (team id or key), grade, time, place.</summary>
    private static async Task<List<ResultRecord>> SiteRowsAsync(NpgsqlDataSource dataSource, string raceId)
    {
        var rows = new List<ResultRecord>();
        await using var command = dataSource.CreateCommand($"""
            SELECT a.name, s.name, s.athletic_net_id, s.source_key, a.grad_year, r.time_cs, r.place_overall
            FROM results r JOIN races ra ON ra.id = r.race_id JOIN athletes a ON a.id = r.athlete_id JOIN schools s ON s.id = a.school_id
            WHERE ra.athletic_net_race_id = '{raceId}' ORDER BY r.time_cs, a.name
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var line = 1;
        while (await reader.ReadAsync())
        {
            var grade = 13 - (reader.GetInt32(4) - Season);
            rows.Add(new ResultRecord(new SourceRow("results.csv", ++line), raceId, reader.GetString(0), null, null, null,
                reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                grade, reader.GetInt32(5), FinishStatus.Finished, reader.IsDBNull(6) ? null : reader.GetInt32(6), null, false));
        }

        return rows;
    }

    private static async Task<string> CountsAsync(TestDatabase db) => string.Join(", ", await SiteQueries.RunAsync(db.DataSource, """
        SELECT (SELECT count(*) FROM results) || ' results, ' || (SELECT count(*) FROM athletes) || ' athletes, '
            || (SELECT count(*) FROM schools) || ' schools, ' || (SELECT count(*) FROM races) || ' races, ' || (SELECT count(*) FROM meets) || ' meets'
        """));
}
