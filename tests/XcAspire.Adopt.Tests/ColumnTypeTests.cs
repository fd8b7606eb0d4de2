using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>The site's column types: accepted as they are where XcAspire works with them, a runnable command where it cannot.</summary>
public sealed class ColumnTypeTests
{
    private static readonly SiteAdoption Adoption = SiteAdoption.ForEmbeddedMigrations();

    [Fact]
    public async Task The_sites_lossless_types_are_accepted_as_they_are_and_no_column_is_altered()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        var before = await SiteCatalog.ColumnTypesAsync(db);

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Adopted, report.Status);
        Assert.Equal(
        [
            "courses.difficulty_rating", "potential_duplicate_athletes.conflict_type", "potential_duplicate_athletes.gender_1",
            "potential_duplicate_athletes.gender_2", "potential_duplicate_athletes.name_1", "potential_duplicate_athletes.name_2",
            "potential_duplicate_athletes.resolved_by", "potential_duplicate_athletes.status", "potential_duplicates.conflict_type",
            "potential_duplicates.resolved_by", "potential_duplicates.status", "races.start_time", "results.validated_by",
        ], report.SchemaChanges.Where(c => c.Kind == ChangeKind.AcceptedType).Select(c => $"{c.Table}.{c.Name}").Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.SchemaChanges, c => c.Kind == ChangeKind.IncompatibleColumn);
        Assert.Contains("potential_duplicate_athletes.name_2: the site has character varying(255), XcAspire's is text", report.Format(), StringComparison.Ordinal);
        Assert.Empty(before.Except(await SiteCatalog.ColumnTypesAsync(db)));
    }

    [Fact]
    public async Task A_type_XcAspire_cannot_work_with_blocks_with_a_command_that_names_and_keeps_its_dependents()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        await db.ExecuteAsync("""
            ALTER TABLE meets ALTER COLUMN season_year TYPE text;
            CREATE VIEW meet_seasons AS SELECT name, season_year FROM meets;
            """);
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Blocked, report.Status);
        var blocker = Assert.Single(report.Blockers);
        Assert.Equal(("meets", "season_year"), (blocker.Table, blocker.Key));
        Assert.Contains("-- used by view meet_seasons", blocker.Resolve, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE meets ALTER COLUMN season_year TYPE integer USING season_year::integer;", blocker.Resolve, StringComparison.Ordinal);
        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));

        await db.ExecuteAsync(blocker.Resolve);

        Assert.Equal(AdoptionStatus.Adopted, (await SiteFixture.AdoptAsync(db)).Status);
        Assert.Equal(4, await db.ScalarAsync<int>("SELECT count(*) FROM meet_seasons WHERE season_year IN (2024, 2025)"));
    }

    [Fact]
    public async Task A_column_too_narrow_for_XcAspires_own_words_blocks()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        await db.ExecuteAsync("ALTER TABLE potential_duplicate_athletes ALTER COLUMN conflict_type TYPE varchar(20)");

        var report = await Adoption.CheckAsync(db.DataSource);

        Assert.Equal(AdoptionStatus.Blocked, report.Status);
        var type = Assert.Single(report.SchemaChanges, c => c.Kind == ChangeKind.IncompatibleColumn);
        Assert.Equal("conflict_type", type.Name);
        Assert.Contains("'capitalization_difference' (25 characters)", type.Detail, StringComparison.Ordinal);
    }
}
