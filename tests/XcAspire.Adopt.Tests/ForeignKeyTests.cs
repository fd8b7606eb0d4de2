using Npgsql;
using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Silo.Import.Derived;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>The site's foreign keys stay, under their names and with their actions; XcAspire adds none beside them.</summary>
public sealed class ForeignKeyTests
{
    [Fact]
    public async Task Adoption_keeps_the_sites_foreign_keys_adds_none_beside_them_and_says_where_actions_differ()
    {
        await using var db = await SiteFixture.CreateSiteAsync();

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Adopted, report.Status);
        Assert.Empty(await SiteCatalog.DuplicateForeignKeysAsync(db));
        Assert.Equal(["fk_courses_venue FOREIGN KEY (venue_id) REFERENCES venues(id)"], await SiteCatalog.ForeignKeysAsync(db, "courses"));
        Assert.Equal(["fk_meets_venue FOREIGN KEY (venue_id) REFERENCES venues(id)"], await SiteCatalog.ForeignKeysAsync(db, "meets"));
        Assert.Contains("fk_races_course FOREIGN KEY (course_id) REFERENCES courses(id)", await SiteCatalog.ForeignKeysAsync(db, "races"));
        Assert.Contains("athlete_best_times_season_best_result_id_fkey FOREIGN KEY (season_best_result_id) REFERENCES results(id)",
            await SiteCatalog.ForeignKeysAsync(db, "athlete_best_times"));

        var kept = report.SchemaChanges.Where(c => c.Kind == ChangeKind.KeptForeignKey).ToDictionary(c => c.Name, c => c.Detail);
        Assert.Equal(
            ["athlete_best_times_alltime_best_result_id_fkey", "athlete_best_times_season_best_result_id_fkey", "potential_duplicate_athletes_meet_id_fkey",
             "results_replaced_by_fkey"],
            kept.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ON DELETE NO ACTION where XcAspire's is CASCADE: deleting the row it references is refused while athlete_best_times rows name it",
            kept["athlete_best_times_season_best_result_id_fkey"], StringComparison.Ordinal);
        Assert.DoesNotContain(report.SchemaChanges, c => c.Kind == ChangeKind.AddConstraint && c.ConstraintKind == 'f' && c.Table != "non_finishers");
    }

    [Fact]
    public async Task A_second_foreign_key_beside_the_sites_is_reported_as_drift_and_dropped()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        await SiteFixture.AdoptAsync(db);
        // What an earlier adoption left: XcAspire's key next to the site's, on the same columns.
        await db.ExecuteAsync("ALTER TABLE courses ADD CONSTRAINT courses_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES venues (id)");

        var check = await SiteAdoption.ForEmbeddedMigrations().CheckAsync(db.DataSource);
        var realigned = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.WouldRealign, check.Status);
        var second = Assert.Single(check.SchemaChanges, c => !c.IsNote);
        Assert.Equal((ChangeKind.DropConstraint, "courses_venue_id_fkey"), (second.Kind, second.Name));
        Assert.Equal(AdoptionStatus.Realigned, realigned.Status);
        Assert.Equal(["fk_courses_venue FOREIGN KEY (venue_id) REFERENCES venues(id)"], await SiteCatalog.ForeignKeysAsync(db, "courses"));
    }

    [Fact]
    public async Task XcAspire_removes_results_under_the_sites_keys_which_refuse_a_plain_delete()
    {
        await using var db = await SiteFixture.CreateAdoptedAsync();
        const string clovis = "SELECT r.id FROM results r JOIN meets m ON m.id = r.meet_id WHERE m.athletic_net_id = '254378'";
        var delete = $"DELETE FROM results WHERE id IN ({clovis})";

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(delete));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);

        await db.ExecuteAsync(string.Join(";\n", ResultRemoval.Before(clovis).Append(delete)));

        Assert.Equal(0, await db.ScalarAsync<int>($"SELECT count(*) FROM ({clovis}) left_over"));
        Assert.True(await db.ScalarAsync<int>("SELECT count(*) FROM results") > 0);
    }
}
