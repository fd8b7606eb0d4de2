using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Import;
using XcAspire.Silo.Steps;

namespace XcAspire.Silo.Grains;

/// <summary>What committing a step found: its counts, and whether an earlier commit of the same step already had them.</summary>
public sealed record StepCommit(RowOutcomeCounts Counts, bool Earlier);

/// <summary>
/// Commits a step's effects together with its completion record (race_step_completions,
/// meet_step_completions) in one PostgreSQL transaction. Orleans' ETag protects grain state, not these
/// rows: the completion record is what makes a step's effects happen once. It is inserted first, so a
/// second commit of the same step (a resumed grain whose first activation did commit, or a silo that was
/// declared dead but still ran) waits for the first, then finds the record and writes nothing.
/// </summary>
public sealed class StepCommits(NpgsqlDataSource dataSource, ImportConnections importConnections)
{
    private const string ClaimRaceStep = """
        INSERT INTO race_step_completions
            (job_id, race_id, step, rows_read, inserted, already_present, updated, rejected, flagged, attempt, silo)
        VALUES (@job, @race, @step, 0, 0, 0, 0, 0, 0, @attempt, @silo)
        ON CONFLICT (job_id, race_id, step) DO NOTHING
        RETURNING 1
        """;

    private const string RecordRaceStep = """
        UPDATE race_step_completions SET rows_read = @read, inserted = @inserted, already_present = @already_present,
            updated = @updated, rejected = @rejected, flagged = @flagged, completed_at = clock_timestamp()
        WHERE job_id = @job AND race_id = @race AND step = @step
        """;

    private const string FindRaceStep = """
        SELECT rows_read, inserted, already_present, updated, rejected, flagged FROM race_step_completions
        WHERE job_id = @job AND race_id = @race AND step = @step
        """;

    /// <summary>Writes the effects of one race step, once per (job, race, step).</summary>
    public async Task<StepCommit> CommitRaceStepAsync(
        Guid jobId, string raceId, RaceStep step, int attempt, string silo, IRaceStepEffects effects, CancellationToken ct)
    {
        // Imports run on kept connections, whose staging tables outlive the transaction.
        var connection = step == RaceStep.Import ? await importConnections.RentAsync(ct) : await dataSource.OpenConnectionAsync(ct);
        try
        {
            var commit = await CommitRaceStepAsync(connection, jobId, raceId, step, attempt, silo, effects, ct);
            if (step == RaceStep.Import)
            {
                importConnections.Keep(connection);
            }
            else
            {
                await connection.DisposeAsync();
            }

            return commit;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The counts a committed step recorded, or null when the step never committed.</summary>
    public async Task<RowOutcomeCounts?> FindRaceStepAsync(Guid jobId, string raceId, RaceStep step, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FindRaceStepAsync(connection, null, jobId, raceId, step, ct);
    }

    /// <summary>
    /// Runs the meet-level step of one round with its completion record; false when that round had
    /// already committed (its effects are then not written again).
    /// </summary>
    public async Task<bool> CommitMeetStepAsync(
        Guid jobId, int round, string silo, Func<NpgsqlConnection, NpgsqlTransaction, Task> effects, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO meet_step_completions (job_id, round, silo) VALUES (@job, @round, @silo) ON CONFLICT DO NOTHING RETURNING 1",
            connection,
            transaction))
        {
            claim.Parameters.AddWithValue("job", jobId);
            claim.Parameters.AddWithValue("round", round);
            claim.Parameters.AddWithValue("silo", silo);
            if (await claim.ExecuteScalarAsync(ct) is null)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
        }

        await effects(connection, transaction);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<bool> MeetStepCommittedAsync(Guid jobId, int round, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT 1 FROM meet_step_completions WHERE job_id = @job AND round = @round");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("round", round);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>
    /// Commits the step, running its transaction again at once when PostgreSQL picked it to give way to
    /// another (a deadlock between two races' inserts, say): such a loss rolled everything back, and
    /// counting it as a failed attempt would put the race behind a backoff for nothing wrong with it.
    /// </summary>
    private static Task<StepCommit> CommitRaceStepAsync(
        NpgsqlConnection connection, Guid jobId, string raceId, RaceStep step, int attempt, string silo, IRaceStepEffects effects, CancellationToken ct) =>
        // As the in-process importer does; a transaction that keeps losing is failed as an attempt.
        ImportErrors.RunAgainWhenLostAsync(
            () => CommitRaceStepOnceAsync(connection, jobId, raceId, step, attempt, silo, effects, ct),
            () => GrainMetrics.TransactionsLost.Add(1, new KeyValuePair<string, object?>("step", step.Name())));

    private static async Task<StepCommit> CommitRaceStepOnceAsync(
        NpgsqlConnection connection, Guid jobId, string raceId, RaceStep step, int attempt, string silo, IRaceStepEffects effects, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = Command(ClaimRaceStep, connection, transaction, jobId, raceId, step))
        {
            claim.Parameters.AddWithValue("attempt", attempt);
            claim.Parameters.AddWithValue("silo", silo);
            if (await claim.ExecuteScalarAsync(ct) is null)
            {
                var earlier = await FindRaceStepAsync(connection, transaction, jobId, raceId, step, ct);
                await transaction.RollbackAsync(ct);
                return new StepCommit(earlier ?? RowOutcomeCounts.None, Earlier: true);
            }
        }

        var counts = await effects.WriteAsync(connection, transaction, ct);
        await using (var record = Command(RecordRaceStep, connection, transaction, jobId, raceId, step))
        {
            record.Parameters.AddWithValue("read", counts.Read);
            record.Parameters.AddWithValue("inserted", counts.Inserted);
            record.Parameters.AddWithValue("already_present", counts.AlreadyPresent);
            record.Parameters.AddWithValue("updated", counts.Updated);
            record.Parameters.AddWithValue("rejected", counts.Rejected);
            record.Parameters.AddWithValue("flagged", counts.Flagged);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return new StepCommit(counts, Earlier: false);
    }

    private static async Task<RowOutcomeCounts?> FindRaceStepAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid jobId, string raceId, RaceStep step, CancellationToken ct)
    {
        await using var command = Command(FindRaceStep, connection, transaction, jobId, raceId, step);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new RowOutcomeCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5))
            : null;
    }

    private static NpgsqlCommand Command(
        string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid jobId, string raceId, RaceStep step)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("race", raceId);
        command.Parameters.AddWithValue("step", step.Name());
        return command;
    }
}
