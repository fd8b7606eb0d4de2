using Npgsql;
using XcAspire.Silo.Grains.Storage;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>A job's meet-level step this silo claimed.</summary>
public sealed record MeetStepLease(Guid JobId, string MeetId, int Attempt, Guid Token);

/// <summary>
/// The meet step's lease on its job row: claimed like a race, and marked done in the same transaction
/// as its effects, so it runs to completion exactly once per round even if two silos race for it.
/// </summary>
public sealed class MeetStepLeases(NpgsqlDataSource dataSource, SiloOptions options, string siloId)
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT id FROM import_jobs
            WHERE NOT cancel_requested
              AND ((meet_step = 'due' AND meet_step_scheduled_at <= now() + @clock_offset)
                   OR (meet_step = 'running' AND lease_expires_at <= now() + @clock_offset))
            ORDER BY meet_step_scheduled_at
            LIMIT 1
            FOR NO KEY UPDATE SKIP LOCKED)
        UPDATE import_jobs j SET meet_step = 'running', meet_step_attempt = j.meet_step_attempt + 1,
            lease_owner = @silo, lease_token = gen_random_uuid(), lease_expires_at = now() + @clock_offset + @lease,
            version = j.version + 1, updated_at = now()
        FROM due WHERE j.id = due.id
        RETURNING j.id, j.meet_id, j.meet_step_attempt, j.lease_token
        """;

    private const string RenewSql = """
        WITH mine AS (SELECT id FROM import_jobs WHERE lease_owner = @silo AND lease_token = ANY(@tokens) FOR NO KEY UPDATE SKIP LOCKED)
        UPDATE import_jobs j SET lease_expires_at = now() + @clock_offset + @lease FROM mine WHERE j.id = mine.id
        """;

    private const string FenceSql = """
        SELECT cancel_requested FROM import_jobs
        WHERE id = @job AND lease_owner = @silo AND lease_token = @token AND lease_expires_at > now() + @clock_offset
        FOR NO KEY UPDATE
        """;

    private const string DoneSql = """
        UPDATE import_jobs SET meet_step = 'done', meet_step_runs = meet_step_runs + 1, last_error = NULL,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE id = @job
        """;

    private const string CancelledSql = """
        UPDATE import_jobs SET meet_step = 'none',
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE id = @job
        """;

    // After the last attempt the job is an 'error': its races are imported, but reconciliation and the
    // derived data did not complete, and the operator must know.
    private const string FailedSql = """
        UPDATE import_jobs SET
            meet_step = CASE WHEN @final THEN 'done' ELSE 'due' END,
            meet_step_scheduled_at = now() + @clock_offset + @backoff,
            status = CASE WHEN @final THEN 'error' ELSE status END,
            message = CASE WHEN @final THEN 'The meet-level step failed: ' || @message ELSE message END,
            finished_at = CASE WHEN @final THEN clock_timestamp() ELSE finished_at END,
            last_error = @message,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE id = @job
        """;

    private const string ReleaseSql = """
        UPDATE import_jobs SET meet_step = 'due', meet_step_attempt = greatest(meet_step_attempt - 1, 0), meet_step_scheduled_at = now(),
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE lease_owner = @silo
        """;

    public async Task<MeetStepLease?> ClaimAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        Add(command, ("silo", siloId), ("lease", options.LeaseDuration));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MeetStepLease(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3))
            : null;
    }

    public async Task RenewAsync(IReadOnlyCollection<Guid> tokens, CancellationToken ct)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(RenewSql);
        Add(command, ("silo", siloId), ("tokens", tokens.ToArray()), ("lease", options.LeaseDuration));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task CommitSuccessAsync(
        MeetStepLease lease, Func<NpgsqlConnection, NpgsqlTransaction, Task> writeEffects, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var cancelRequested = await FenceAsync(connection, transaction, lease, ct);
        if (!cancelRequested)
        {
            await writeEffects(connection, transaction);
        }

        await ExecuteAsync(connection, transaction, cancelRequested ? CancelledSql : DoneSql, ct, ("job", lease.JobId));
        await JobProgress.RecomputeAsync(connection, transaction, lease.JobId, options.ClockOffset, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> CommitFailureAsync(MeetStepLease lease, string message, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await FenceAsync(connection, transaction, lease, ct);
        var final = lease.Attempt >= options.MaxAttempts;
        var backoff = Backoff.Delay(lease.Attempt, options.MaxBackoff, options.BackoffJitter, Random.Shared);
        await ExecuteAsync(
            connection, transaction, FailedSql, ct, ("job", lease.JobId), ("final", final), ("backoff", backoff), ("message", message));
        await transaction.CommitAsync(ct);
        return final;
    }

    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, null, ReleaseSql, ct, ("silo", siloId));
    }

    private async Task<bool> FenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MeetStepLease lease, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FenceSql, connection, transaction);
        Add(command, ("job", lease.JobId), ("silo", siloId), ("token", lease.Token));
        return await command.ExecuteScalarAsync(ct) is bool cancelRequested
            ? cancelRequested
            : throw new LeaseLostException(
                $"Meet step of job {lease.JobId}: silo {siloId} no longer holds its lease (attempt {lease.Attempt}); nothing was written.");
    }

    private async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        Add(command, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private void Add(NpgsqlCommand command, params (string Name, object Value)[] parameters)
    {
        command.Parameters.AddWithValue("clock_offset", options.ClockOffset);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
