using Npgsql;
using XcAspire.Silo.Import.Races;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;
using static XcAspire.Import.Tests.TestMeets;

namespace XcAspire.Import.Tests;

/// <summary>
/// Races hold claims on (school, base name) until they commit: a race with one of those names waits
/// for the holder and then matches what it created; a race sharing only the school does not wait.
/// Each test keeps the first race's transaction open on purpose, so the overlap is certain.
/// </summary>
public sealed class NameClaimTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_race_sharing_only_the_school_with_an_open_race_imports_without_waiting_for_it()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        var meet = Meet("257001", [Race("7101"), Race("7102"), Race("7103", "F")],
        [
            Row("7101", "Owen Hale", "Claim High", 100000),
            Row("7102", "Ravi Stone", "Claim High", 101000), Row("7102", "Ezra Quinn", "Claim High", 102000),
            Row("7103", "Nora Vance", "Claim High", 110000), Row("7103", "Lena Park", "Claim High", 111000),
        ]);
        // The school exists before the two races overlap (creating it is a wait of its own).
        await ImportCommittedAsync(db, meet, "7101");

        await using var open = await db.DataSource.OpenConnectionAsync();
        await using var openTx = await open.BeginTransactionAsync();
        await RaceImporter.ImportRaceAsync(open, openTx, meet, "7102", Guid.NewGuid(), CancellationToken.None);

        var other = Task.Run(() => ImportCommittedAsync(db, meet, "7103"));
        Assert.Same(other, await Task.WhenAny(other, Task.Delay(Limit)));
        await other;
        await openTx.CommitAsync();

        Assert.Equal(5, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes"));
    }

    [Fact]
    public async Task A_race_creating_a_name_an_open_race_is_creating_waits_and_then_matches_it()
    {
        await using var db = await TestPostgres.CreateMigratedAsync();
        // Sam Lee, class of 2027, already exists: both new races bring a Sam Lee of another class,
        // so each would create an athlete. Only the first may.
        var meet = Meet("257002", [Race("7201"), Race("7202"), Race("7203")],
        [
            Row("7201", "Sam Lee", "Claim High", 100000, grade: 11),
            Row("7202", "Sam Lee", "Claim High", 101000, grade: 9), Row("7202", "Ada Moss", "Claim High", 102000),
            Row("7203", "Sam Lee", "Claim High", 103000, grade: 9),
        ]);
        await ImportCommittedAsync(db, meet, "7201");

        await using var open = await db.DataSource.OpenConnectionAsync();
        await using var openTx = await open.BeginTransactionAsync();
        await RaceImporter.ImportRaceAsync(open, openTx, meet, "7202", Guid.NewGuid(), CancellationToken.None);

        var waiting = Task.Run(() => ImportCommittedAsync(db, meet, "7203"));
        await WaitForLockWaitAsync(db.DataSource, waiting);
        await openTx.CommitAsync();
        await waiting.WaitAsync(Limit);

        Assert.Equal(2, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes WHERE name = 'Sam Lee'"));
        Assert.Equal(1, await CountAsync(db.DataSource, "SELECT count(*) FROM athletes WHERE name = 'Sam Lee' AND grad_year = 2029"));
        Assert.Equal(2, await CountAsync(db.DataSource,
            "SELECT count(*) FROM results r JOIN athletes a ON a.id = r.athlete_id WHERE a.name = 'Sam Lee' AND a.grad_year = 2029"));
    }

    private static async Task ImportCommittedAsync(TestDatabase db, MeetSnapshot meet, string raceId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await RaceImporter.ImportRaceAsync(conn, tx, meet, raceId, Guid.NewGuid(), CancellationToken.None);
        await tx.CommitAsync();
    }

    /// <summary>Waits until some session of the test database waits on a lock (the second race on the first's claim).</summary>
    private static async Task WaitForLockWaitAsync(NpgsqlDataSource dataSource, Task importing)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (await CountAsync(dataSource,
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            Assert.False(importing.IsCompleted, "the second race finished while the first, holding the same name, was still open");
            Assert.True(DateTime.UtcNow < deadline, "the second race never waited on the first race's claim");
            await Task.Delay(20);
        }
    }
}
