using Microsoft.Extensions.Logging.Abstractions;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.ServiceDefaults.Migrations.Adopt;
using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

public sealed class BlockedAdoptionTests
{
    [Fact]
    public async Task Rows_the_new_keys_reject_stop_adoption_with_a_report_and_change_nothing()
    {
        await using var db = await SiteFixture.CreateSiteWithDuplicatesAsync();
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Blocked, report.Status);
        Assert.Equal(
            ["races_athletic_net_race_id_key", "results_race_athlete_time_key", "schools_unidentified_name_key"],
            report.Blockers.Select(b => b.Key).Order(StringComparer.Ordinal));
        Assert.All(report.Blockers, b => Assert.Equal(2, Assert.Single(b.Groups).RowIds.Count));

        var duplicateResult = report.Blockers.Single(b => b.Table == "results");
        var extra = await db.ScalarAsync<string>("SELECT id::text FROM results WHERE data_source = 'manual_import'");
        Assert.Contains(extra, duplicateResult.Groups[0].RowIds);
        Assert.Equal($"DELETE FROM results WHERE id IN ('{extra}');", duplicateResult.Resolve);

        var text = report.Format();
        Assert.Contains("BLOCKED results results_race_athlete_time_key", text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", text, StringComparison.Ordinal);

        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));
    }

    [Fact]
    public async Task A_service_starting_on_a_blocked_site_database_refuses_with_the_report_and_changes_nothing()
    {
        await using var db = await SiteFixture.CreateSiteWithDuplicatesAsync();
        var before = await DatabaseFingerprint.CaptureAsync(db.DataSource);

        var error = await Assert.ThrowsAsync<MigrationException>(
            () => new Migrator(db.DataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded()).ApplyAsync());

        Assert.Contains("BLOCKED races races_athletic_net_race_id_key", error.Message, StringComparison.Ordinal);
        Assert.Empty(before.Differences(await DatabaseFingerprint.CaptureAsync(db.DataSource)));
    }

    [Fact]
    public async Task Running_the_reported_resolve_commands_lets_adoption_apply()
    {
        await using var db = await SiteFixture.CreateSiteWithDuplicatesAsync();
        var blocked = await SiteFixture.AdoptAsync(db);

        foreach (var blocker in blocked.Blockers)
        {
            await db.ExecuteAsync(blocker.Resolve);
        }

        Assert.Equal(AdoptionStatus.Adopted, (await SiteFixture.AdoptAsync(db)).Status);
    }

    [Fact]
    public async Task Rows_breaking_a_new_rule_are_named_with_their_ids_and_a_resolve_command()
    {
        await using var db = await SiteFixture.CreateSiteAsync();
        // The retired 1–10 scale's default difficulty, and the "4,000 Meters" parsed as 0 m (domain.md §4.3).
        await db.ExecuteAsync("""
            INSERT INTO courses (name, venue_id, distance_meters, difficulty_rating)
            SELECT 'Unknown Venue, 4,000 Meters', id, 4000, 5.0 FROM venues WHERE name = 'Unknown Venue';
            INSERT INTO races (meet_id, name, gender, distance_meters, athletic_net_race_id)
            SELECT id, 'Mens 4,000 Meters Varsity', 'M', 0, '5001' FROM meets WHERE name = 'WVAL #1';
            """);
        var course = await db.ScalarAsync<string>("SELECT id::text FROM courses WHERE difficulty_rating = 5.0");
        var race = await db.ScalarAsync<string>("SELECT id::text FROM races WHERE distance_meters = 0");

        var report = await SiteFixture.AdoptAsync(db);

        Assert.Equal(AdoptionStatus.Blocked, report.Status);
        var difficulty = report.Blockers.Single(b => b.Key == "courses_difficulty_rating_check");
        Assert.Equal([course], difficulty.Groups.Single().RowIds);
        Assert.Equal($"UPDATE courses SET difficulty_rating = NULL WHERE id IN ('{course}');", difficulty.Resolve);
        var distance = report.Blockers.Single(b => b.Key == "races_distance_meters_check");
        Assert.Equal([race], distance.Groups.Single().RowIds);
        Assert.Contains(race, distance.Resolve, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_exits_2_when_blocked_and_0_for_a_clean_check()
    {
        await using var blockedDb = await SiteFixture.CreateSiteWithDuplicatesAsync();
        await using var cleanDb = await SiteFixture.CreateSiteAsync();
        var output = new StringWriter();

        Assert.Equal(AdoptCommand.BlockedExit, await AdoptCommand.RunAsync([blockedDb.ConnectionString], output, TextWriter.Null));
        Assert.Equal(0, await AdoptCommand.RunAsync(["--check", cleanDb.ConnectionString], output, TextWriter.Null));
        Assert.Equal(AdoptCommand.Usage, await AdoptCommand.RunAsync([], output, TextWriter.Null));
        Assert.Contains("Check only", output.ToString(), StringComparison.Ordinal);
    }
}
