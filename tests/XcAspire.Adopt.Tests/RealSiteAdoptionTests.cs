using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sample;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>
/// An operator adopting the site's real database: its own column types and foreign keys, and its
/// sample courses rated 3.0, 7.5 and 8.0 on the retired 1–10 scale. Only the last two block.
/// </summary>
public sealed class RealSiteAdoptionTests
{
    [Fact]
    public async Task The_site_adopts_after_one_resolve_command_keeps_its_types_and_keys_takes_a_large_meet_and_rechecks()
    {
        await using var db = await SiteFixture.CreateSiteWithSampleCoursesAsync();
        var siteTypes = await SiteCatalog.ColumnTypesAsync(db);
        var reads = await SiteQueries.RunAllAsync(db.DataSource);
        var offTheScale = await SiteQueries.RunAsync(db.DataSource, "SELECT id::text FROM courses WHERE difficulty_rating > 3 ORDER BY id");
        Assert.Equal(2, offTheScale.Count);

        var (blockedExit, blockedOutput) = await AdoptAsync("--check", db.ConnectionString);
        var blocked = await SiteAdoption.ForEmbeddedMigrations().CheckAsync(db.DataSource);

        Assert.Equal(AdoptCommand.BlockedExit, blockedExit);
        var blocker = Assert.Single(blocked.Blockers);
        Assert.Equal("courses_difficulty_rating_check", blocker.Key);
        Assert.Equal(offTheScale, blocker.Groups.SelectMany(g => g.RowIds).Order(StringComparer.Ordinal));
        Assert.Contains(blocker.Resolve, blockedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(blocked.SchemaChanges, c => c.Kind == ChangeKind.IncompatibleColumn);

        await db.ExecuteAsync(blocker.Resolve);
        Assert.Equal(0, (await AdoptAsync("--check", db.ConnectionString)).Exit);
        var (adoptedExit, adoptedOutput) = await AdoptAsync(db.ConnectionString);

        Assert.Equal(0, adoptedExit);
        Assert.StartsWith("Adopted:", adoptedOutput, StringComparison.Ordinal);
        Assert.Empty(siteTypes.Except(await SiteCatalog.ColumnTypesAsync(db)));
        Assert.Equal(3m, await db.ScalarAsync<decimal>("SELECT difficulty_rating FROM courses WHERE name = 'Baylands 5K'"));
        Assert.Empty(await SiteCatalog.DuplicateForeignKeysAsync(db));
        var readsAfter = await SiteQueries.RunAllAsync(db.DataSource);
        foreach (var (page, rows) in reads)
        {
            Assert.Equal(rows, readsAfter[page]);
        }

        await SiteFixture.MigrateAsync(db);
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { TotalResults = 20_000, RaceCount = 40, SchoolCount = 200 });
        var import = await new MeetImporter(db.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);

        Assert.Equal(meet.Results.Count + meet.Rejected.Count, import.Counts.Read);
        Assert.Equal(0, import.Counts.Rejected);
        Assert.Equal(meet.Results.Count(r => r.TimeCs is not null), await db.ScalarAsync<int>(
            "SELECT count(*) FROM results r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '900001'"));
        var (cleanExit, cleanOutput) = await AdoptAsync("--check", db.ConnectionString);
        Assert.Equal(0, cleanExit);
        Assert.StartsWith("Already adopted, and nothing drifted", cleanOutput, StringComparison.Ordinal);

        // A site migration puts a per-row trigger back.
        await db.ExecuteAsync("""
            CREATE TRIGGER maintain_meet_result_count AFTER INSERT OR DELETE OR UPDATE ON results
                FOR EACH ROW EXECUTE FUNCTION update_meet_result_count()
            """);
        var (driftExit, driftOutput) = await AdoptAsync("--check", db.ConnectionString);

        Assert.Equal(0, driftExit);
        Assert.StartsWith("Drift:", driftOutput, StringComparison.Ordinal);
        Assert.Contains("results.maintain_meet_result_count", driftOutput, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> AdoptAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdoptCommand.RunAsync(args, output, error);
        Assert.Equal(string.Empty, error.ToString());
        return (exit, output.ToString());
    }
}
