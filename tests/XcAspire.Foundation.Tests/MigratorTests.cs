using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.Testing;

namespace XcAspire.Foundation.Tests;

public sealed class MigratorTests
{
    private static Migrator MigratorFor(TestDatabase db, IReadOnlyList<MigrationScript>? scripts = null) =>
        new(db.DataSource, NullLogger<Migrator>.Instance, scripts ?? MigrationScript.Embedded());

    [Fact]
    public async Task Applies_every_embedded_migration_to_an_empty_database_then_is_a_no_op()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        var embedded = MigrationScript.Embedded();
        Assert.NotEmpty(embedded);

        var first = await MigratorFor(db).ApplyAsync();
        Assert.Equal(embedded.Select(s => s.Name), first.Applied.Select(s => s.Name));
        Assert.Equal(0, first.AlreadyApplied);

        var second = await MigratorFor(db).ApplyAsync();
        Assert.Empty(second.Applied);
        Assert.Equal(embedded.Count, second.AlreadyApplied);

        Assert.Equal(embedded.Count, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'results'"));
    }

    [Fact]
    public async Task Concurrent_services_starting_together_apply_each_migration_once()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => MigratorFor(db).ApplyAsync())));

        var embedded = MigrationScript.Embedded();
        Assert.Equal(embedded.Count, outcomes.Sum(o => o.Applied.Count));
        Assert.Single(outcomes, o => o.Applied.Count > 0);
        Assert.Equal(embedded.Count, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
    }

    [Fact]
    public async Task Refuses_to_start_when_an_applied_migration_file_changed()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        var original = new[] { MigrationScript.Parse("0001_first.sql", "CREATE TABLE first_table (id int);") };
        await MigratorFor(db, original).ApplyAsync();

        var edited = new[] { MigrationScript.Parse("0001_first.sql", "CREATE TABLE first_table (id int, extra text);") };
        var error = await Assert.ThrowsAsync<MigrationException>(() => MigratorFor(db, edited).ApplyAsync());
        Assert.Contains("0001_first.sql was changed after it was applied", error.Message, StringComparison.Ordinal);

        // Nothing of the edited file ran.
        Assert.Equal(0, await db.ScalarAsync<int>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'first_table' AND column_name = 'extra'"));
    }

    [Fact]
    public async Task Line_endings_alone_do_not_count_as_a_change()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        await MigratorFor(db, [MigrationScript.Parse("0001_first.sql", "CREATE TABLE t (id int);\nSELECT 1;\n")]).ApplyAsync();
        var outcome = await MigratorFor(db, [MigrationScript.Parse("0001_first.sql", "CREATE TABLE t (id int);\r\nSELECT 1;\r\n")]).ApplyAsync();
        Assert.Empty(outcome.Applied);
    }

    [Fact]
    public async Task Refuses_a_database_migrated_by_a_newer_build()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        MigrationScript[] newer =
        [
            MigrationScript.Parse("0001_first.sql", "CREATE TABLE a (id int);"),
            MigrationScript.Parse("0002_second.sql", "CREATE TABLE b (id int);"),
        ];
        await MigratorFor(db, newer).ApplyAsync();

        var error = await Assert.ThrowsAsync<MigrationException>(() => MigratorFor(db, newer[..1]).ApplyAsync());
        Assert.Contains("0002_second.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        MigrationScript[] scripts =
        [
            MigrationScript.Parse("0001_good.sql", "CREATE TABLE good (id int);"),
            MigrationScript.Parse("0002_bad.sql", "CREATE TABLE half (id int); SELECT no_such_column FROM good;"),
        ];

        var error = await Assert.ThrowsAsync<MigrationException>(() => MigratorFor(db, scripts).ApplyAsync());
        Assert.Contains("0002_bad.sql failed and was rolled back", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync<int>($"SELECT count(*) FROM {Migrator.HistoryTable}"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'"));
    }

    [Theory]
    [InlineData("1_short.sql")]
    [InlineData("0001-dash.sql")]
    [InlineData("0001_UPPER.sql")]
    [InlineData("0001_name.txt")]
    public void Refuses_badly_named_files(string name) =>
        Assert.Throws<InvalidOperationException>(() => MigrationScript.Parse(name, "SELECT 1"));

    [Fact]
    public void Refuses_two_files_with_one_version() =>
        Assert.Throws<InvalidOperationException>(() => MigrationScript.InOrder(
        [
            MigrationScript.Parse("0001_a.sql", "SELECT 1"),
            MigrationScript.Parse("0001_b.sql", "SELECT 2"),
        ]));

    [Fact]
    public async Task Waits_for_a_migrator_that_holds_the_lock()
    {
        await using var db = await TestPostgres.CreateEmptyAsync();
        await using var holder = await db.DataSource.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Migrator.AdvisoryLockKey})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var waiting = MigratorFor(db).ApplyAsync();
        // While the lock is held nothing can be applied: the history table does not even exist.
        await AssertStillWaitingAsync(waiting, db);

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({Migrator.AdvisoryLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        var outcome = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(outcome.Applied);
    }

    /// <summary>Proves the migrator is blocked on the advisory lock by finding its backend waiting in pg_locks.</summary>
    private static async Task AssertStillWaitingAsync(Task waiting, TestDatabase db)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var waiters = await db.ScalarAsync<int>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
            if (waiters == 1)
            {
                Assert.False(waiting.IsCompleted);
                Assert.Equal(0, await db.ScalarAsync<int>($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{Migrator.HistoryTable}'"));
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The second migrator never waited on the advisory lock.");
    }
}
