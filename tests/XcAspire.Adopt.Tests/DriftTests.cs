using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>On an adopted database, a check compares the catalogs again; adopting puts back only what drifted.</summary>
public sealed class DriftTests
{
    private static readonly SiteAdoption Adoption = SiteAdoption.ForEmbeddedMigrations();

    [Fact]
    public async Task A_check_of_an_adopted_or_an_XcAspire_database_finds_nothing()
    {
        await using var adopted = await SiteFixture.CreateAdoptedAsync();
        await using var own = await TestPostgres.CreateMigratedAsync();

        foreach (var db in new[] { adopted, own })
        {
            var report = await Adoption.CheckAsync(db.DataSource);

            Assert.Equal(AdoptionStatus.AlreadyAdopted, report.Status);
            Assert.False(report.Drifted, report.Format());
        }
    }

    [Fact]
    public async Task A_recreated_per_row_trigger_is_reported_then_dropped_with_its_function_kept()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        await db.ExecuteAsync("""
            CREATE TRIGGER update_athlete_best_times_trigger BEFORE INSERT OR UPDATE ON results
                FOR EACH ROW EXECUTE FUNCTION update_athlete_best_times()
            """);
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var check = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.WouldRealign, check.Status);
        Assert.Equal(["results.update_athlete_best_times_trigger"], check.TriggersDropped);
        Assert.DoesNotContain(check.SchemaChanges, c => !c.IsNote);
        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));

        var history = await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}");
        Assert.Equal(AdoptionStatus.Realigned, (await SiteFixture.AdoptAsync(db)).Status);

        Assert.Empty(await SiteCatalog.TriggersAsync(db, "results"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_proc WHERE proname = 'update_athlete_best_times'"));
        Assert.Equal(history, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(AdoptionStatus.AlreadyAdopted, (await Adoption.CheckAsync(db.DataSource)).Status);
    }

    [Fact]
    public async Task A_changed_type_is_accepted_when_XcAspire_can_work_with_it_and_otherwise_blocks_until_its_command_runs()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        await db.ExecuteAsync("ALTER TABLE athletes ALTER COLUMN last_name TYPE varchar(120)");

        var accepted = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.AlreadyAdopted, accepted.Status);
        Assert.Contains(accepted.SchemaChanges, c => c is { Kind: ChangeKind.AcceptedType, Table: "athletes", Name: "last_name" });

        await db.ExecuteAsync("ALTER TABLE results ALTER COLUMN time_cs TYPE numeric(8, 2)");
        var blocked = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.Blocked, blocked.Status);
        var type = Assert.Single(blocked.Blockers);
        Assert.Equal(("results", "time_cs"), (type.Table, type.Key));

        await db.ExecuteAsync(type.Resolve);
        var realigned = await SiteFixture.AdoptAsync(db);

        Assert.True(realigned.Status is AdoptionStatus.Realigned or AdoptionStatus.AlreadyAdopted, realigned.Format());
        Assert.Equal("integer", await db.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'results'::regclass AND attname = 'time_cs'"));
        Assert.Equal(AdoptionStatus.AlreadyAdopted, (await Adoption.CheckAsync(db.DataSource)).Status);
    }

    [Fact]
    public async Task Adopting_an_adopted_database_puts_back_only_what_drifted()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        await db.ExecuteAsync("""
            DROP INDEX idx_results_meet;
            ALTER TABLE meets DROP CONSTRAINT meets_athletic_net_id_key;
            ALTER TABLE schools ADD CONSTRAINT schools_name_key UNIQUE (name, city);
            """);
        var rows = await SiteQueries.RunAllAsync(db.DataSource);

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Realigned, report.Status);
        Assert.Equal(
            ["add constraint meets.meets_athletic_net_id_key UNIQUE (athletic_net_id)", "create index results.results_meet_idx btree (meet_id)",
             "drop constraint schools.schools_name_key (the site's own: UNIQUE (name, city))"],
            report.SchemaChanges.Where(c => !c.IsNote).Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(report.TriggersDropped);
        Assert.Empty(report.DataChanges);
        Assert.Equal(AdoptionStatus.AlreadyAdopted, (await SiteAdoption.ForEmbeddedMigrations().CheckAsync(db.DataSource)).Status);
        var after = await SiteQueries.RunAllAsync(db.DataSource);
        Assert.All(rows, page => Assert.Equal(page.Value, after[page.Key]));
    }
}
