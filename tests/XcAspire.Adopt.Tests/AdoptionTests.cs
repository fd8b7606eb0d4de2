using Microsoft.Extensions.Logging.Abstractions;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

public sealed class AdoptionTests
{
    private static readonly SiteAdoption Adoption = SiteAdoption.ForEmbeddedMigrations();

    [Fact]
    public async Task Check_reports_what_adoption_would_change_and_changes_nothing()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var report = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.WouldAdopt, report.Status);
        Assert.Equal(9, report.TriggersDropped.Count);
        Assert.Contains("athletes.athlete_slug_trigger", report.TriggersDropped);
        Assert.Equal(1, report.Count(ChangeKind.CreateTable));
        Assert.Contains(report.SchemaChanges, c => c is { Kind: ChangeKind.AddColumn, Table: "schools", Name: "source_key" });
        Assert.Contains(report.SchemaChanges, c => c is { Kind: ChangeKind.DropConstraint, Name: "results_athlete_id_meet_id_race_id_time_cs_data_source_key" });
        Assert.Contains(report.SchemaChanges, c => c is { Kind: ChangeKind.AddConstraint, Name: "results_race_athlete_time_key" });
        Assert.Equal(101, Rows(report, "athletes.athletic_net_id '' to NULL"));
        Assert.Equal(3, Rows(report, "races.athletic_net_race_id filled from athletic_net_id"));
        Assert.Equal(3, Rows(report, "races.athletic_net_id filled from athletic_net_race_id"));
        Assert.Equal(8, Rows(report, "schools' synthetic keys moved from athletic_net_id to source_key (real team ids are digits)"));
        Assert.Empty(report.Blockers);
        Assert.Contains("Nothing was changed", report.Format(), StringComparison.Ordinal);

        var after = await DatabaseFingerprint.CaptureAsync(db.DataSource);
        Assert.Empty(before.Differences(after));
    }

    [Fact]
    public async Task Adoption_brings_the_site_schema_to_xcaspires_and_records_the_domain_migration()
    {
        await using var db = await SiteFixture.CreateSiteAsync();

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Adopted, report.Status);
        foreach (var domain in MigrationScript.Embedded().Where(s => SiteAdoption.DomainVersions.Contains(s.Version)))
        {
            Assert.Equal(domain.Checksum, await db.ScalarAsync<string>($"SELECT checksum FROM {Migrator.HistoryTable} WHERE version = {domain.Version}"));
        }

        Assert.Equal(SiteAdoption.DomainVersions.Length, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname = 'xc_adopt_reference'"));

        // Triggers gone, their functions kept for the site's own scripts.
        Assert.Equal(0, await db.ScalarAsync<int>(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('results'::regclass, 'athletes'::regclass)"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_proc WHERE proname = 'update_athlete_best_times'"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_trigger WHERE tgname = 'recalculate_on_difficulty_change'"));

        // '' is NULL, both race id columns agree, synthetic school keys moved, real ids kept.
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM athletes WHERE athletic_net_id = ''"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM races WHERE athletic_net_id IS DISTINCT FROM athletic_net_race_id"));
        Assert.Equal("2001", await db.ScalarAsync<string>("SELECT athletic_net_race_id FROM races WHERE athletic_net_id = '2001'"));
        Assert.Equal("school_lincoln", await db.ScalarAsync<string>("SELECT source_key FROM schools WHERE name = 'Lincoln'"));
        Assert.Equal("1076", await db.ScalarAsync<string>("SELECT athletic_net_id FROM schools WHERE name = 'Westmont'"));
        Assert.Equal("runner-hyphen-surname-st-margaret-s-2027",
            await db.ScalarAsync<string>("SELECT slug FROM athletes WHERE name = 'Runner Hyphen-Surname'"));
        Assert.Equal("st margarets", await db.ScalarAsync<string>("SELECT normalized_name FROM schools WHERE name = 'St. Margaret''s'"));
        Assert.Equal("elena mendez", await db.ScalarAsync<string>(
            "SELECT normalized_name FROM athletes WHERE name = 'Elena Méndez' LIMIT 1"));
    }

    [Fact]
    public async Task A_second_adoption_is_a_no_op()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        await SiteFixture.AdoptAsync(db);
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var second = await SiteFixture.AdoptAsync(db);
        var check = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.AlreadyAdopted, second.Status);
        Assert.Equal(AdoptionStatus.AlreadyAdopted, check.Status);
        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));
    }

    [Fact]
    public async Task Later_migrations_apply_on_top_of_the_adopted_database()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        await SiteFixture.AdoptAsync(db);

        var outcome = await new Migrator(db.DataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded()).ApplyAsync();

        var embedded = MigrationScript.Embedded();
        Assert.Equal(embedded.Where(s => !SiteAdoption.DomainVersions.Contains(s.Version)).Select(s => s.Name), outcome.Applied.Select(s => s.Name));
        Assert.Equal(SiteAdoption.DomainVersions.Length, outcome.AlreadyApplied);
        Assert.Equal(embedded.Count, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_class WHERE relname = 'import_jobs'"));
    }

    [Fact]
    public async Task The_migrator_adopts_the_site_database_it_finds_at_start()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();

        Assert.Equal(MigrationScript.Embedded().Count, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_class WHERE relname = 'non_finishers'"));
    }

    [Fact]
    public async Task An_empty_database_is_not_adopted()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.NotSiteDatabase, report.Status);
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM pg_class WHERE relname = 'xc_schema_migrations'"));
    }

    [Fact]
    public async Task A_database_with_only_some_of_the_site_tables_is_refused_and_left_alone()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        await db.ExecuteAsync("CREATE TABLE meets (id uuid PRIMARY KEY); CREATE TABLE results (id uuid PRIMARY KEY);");
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var error = await Assert.ThrowsAsync<MigrationException>(() => SiteFixture.MigrateAsync(db));

        Assert.Contains("some of the site's tables", error.Message, StringComparison.Ordinal);
        Assert.Equal(AdoptionStatus.NotSiteDatabase, (await SiteFixture.AdoptAsync(db)).Status);
        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));
    }

    private static long Rows(AdoptionReport report, string what) => report.DataChanges.Single(d => d.What == what).Rows;
}
