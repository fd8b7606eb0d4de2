using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

public sealed class SiteReadsTests
{
    [Fact]
    public async Task The_site_pages_answer_the_same_rows_before_and_after_adoption()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        var before = await SiteQueries.RunAllAsync(db.DataSource);

        // As a service starting on the site's database: adoption, then the later migrations.
        await SiteFixture.MigrateAsync(db);
        var after = await SiteQueries.RunAllAsync(db.DataSource);

        foreach (var (page, rows) in before)
        {
            Assert.NotEmpty(rows);
            Assert.Equal(rows, after[page]);
        }
    }

    [Fact]
    public async Task The_adopted_database_takes_rows_the_site_schema_refused_and_no_trigger_fires()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        var counts = await SiteQueries.RunAsync(db.DataSource, SiteQueries.All["meet result counts"]);

        // Two races with one title in one meet, two schools with one name (each with its team id),
        // an athlete whose grade is unknown, a non-finisher.
        await db.ExecuteAsync("""
            INSERT INTO races (meet_id, name, gender, distance_meters, athletic_net_race_id, athletic_net_id)
            SELECT meet_id, name, gender, distance_meters, '3001', '3001' FROM races WHERE athletic_net_race_id = '2001';
            INSERT INTO schools (name, normalized_name, athletic_net_id) VALUES ('Lincoln', 'lincoln', '4242');
            INSERT INTO athletes (school_id, name, normalized_name, gender, slug)
            SELECT id, 'New Runner', 'new runner', 'F', 'new-runner-lincoln' FROM schools WHERE athletic_net_id = '4242';
            INSERT INTO results (athlete_id, meet_id, race_id, time_cs)
            SELECT a.id, r.meet_id, r.id, 123456 FROM athletes a, races r WHERE a.slug = 'new-runner-lincoln' AND r.athletic_net_race_id = '3001';
            INSERT INTO non_finishers (athlete_id, meet_id, race_id, status)
            SELECT a.id, r.meet_id, r.id, 'DNF' FROM athletes a, races r WHERE a.slug = 'new-runner-lincoln' AND r.athletic_net_race_id = '2001';
            """);

        Assert.Equal("new-runner-lincoln", await db.ScalarAsync<string>("SELECT slug FROM athletes WHERE name = 'New Runner'"));
        // meets.result_count is the importer's to maintain now: the per-row counter trigger is gone.
        Assert.Equal(counts, await SiteQueries.RunAsync(db.DataSource, SiteQueries.All["meet result counts"]));
    }
}
