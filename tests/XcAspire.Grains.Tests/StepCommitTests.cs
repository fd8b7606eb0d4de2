using Npgsql;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Steps;
using XcAspire.Testing;

namespace XcAspire.Grains.Tests;

public sealed class StepCommitTests : GrainTestBase
{
    [Fact]
    public async Task A_step_transaction_that_loses_a_deadlock_runs_again_at_once_and_commits_once()
    {
        await Database.ExecuteAsync("CREATE TABLE test_locks (id int PRIMARY KEY); INSERT INTO test_locks VALUES (1), (2);");
        await using var connections = new ImportConnections(Database.DataSource);
        var commits = new StepCommits(Database.DataSource, connections);
        var jobId = Guid.NewGuid();
        var effects = new CrossingEffects();

        // Another transaction holds row 2 while the step holds row 1 and waits for row 2.
        await using var rival = await Database.DataSource.OpenConnectionAsync();
        await using var rivalTx = await rival.BeginTransactionAsync();
        await ExecAsync(rival, rivalTx, "SET LOCAL deadlock_timeout = '30s'; UPDATE test_locks SET id = id WHERE id = 2");
        var commit = commits.CommitRaceStepAsync(jobId, "1000", RaceStep.Scrape, 1, "silo-a", effects, default);
        await Eventually.WaitAsync(
            async () => await CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> {rival.ProcessID}") == 1,
            Timeout,
            "the step to wait for the rival's row");

        // Now the rival waits for the step's row: PostgreSQL picks the step (its check comes first) to give way.
        await ExecAsync(rival, rivalTx, "UPDATE test_locks SET id = id WHERE id = 1");
        await rivalTx.CommitAsync();
        var committed = await commit;

        Assert.False(committed.Earlier);
        Assert.Equal(2, effects.Runs);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(committed.Counts, await commits.FindRaceStepAsync(jobId, "1000", RaceStep.Scrape, default));
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Takes row 1, then row 2, then records its effect; counts its runs.</summary>
    private sealed class CrossingEffects : IRaceStepEffects
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public async Task<RowOutcomeCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            await ExecAsync(connection, transaction, "SET LOCAL deadlock_timeout = '100ms'; UPDATE test_locks SET id = id WHERE id = 1");
            await ExecAsync(connection, transaction, "UPDATE test_locks SET id = id WHERE id = 2");
            await ExecAsync(
                connection,
                transaction,
                "INSERT INTO test_effects (job_id, meet_id, race_id, step, silo_id, attempt) VALUES (gen_random_uuid(), '812', '1000', 'scrape', 'silo-a', 1)");
            return new RowOutcomeCounts(3, 3, 0, 0, 0, 0);
        }
    }
}
