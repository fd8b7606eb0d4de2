using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Grains.Storage;

namespace XcAspire.Silo.Grains.Runtime;

/// <summary>A race this silo claimed: the token fences every write it makes for it.</summary>
public sealed record RaceLease(
    string MeetId, string RaceId, Guid JobId, string Title, string Step, int Attempt, Guid Token, string? PreviousOwner);

/// <summary>Thrown when a write finds the lease gone: another silo took the race over, or the job moved on.</summary>
public sealed class LeaseLostException(string message) : Exception(message);

/// <summary>
/// The SQL of a race's lease: claim, renew, and the fenced commits. Every time is the database's
/// now() plus the silo's clock offset (zero outside tests).
/// </summary>
public sealed class RaceLeases(NpgsqlDataSource dataSource, SiloOptions options, string siloId)
{
    private readonly ImportConnections _importConnections = new(dataSource);

    // The CTE is a fence: LIMIT applies before the UPDATE, so a claim never takes more than asked
    // (Oban's note). Taking over an expired lease is recorded in the error history in the same statement.
    private const string ClaimSql = """
        WITH due AS (
            SELECT meet_id, race_id, lease_owner AS previous_owner, lease_expires_at AS previous_expiry
            FROM race_grains
            WHERE ((lease_owner IS NULL AND next_step IS NOT NULL AND scheduled_at <= now() + @clock_offset)
                OR (lease_owner IS NOT NULL AND lease_expires_at <= now() + @clock_offset))
              AND (next_step = 'import') = @imports
            ORDER BY scheduled_at, meet_id, race_id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE race_grains r SET
                phase = CASE r.next_step WHEN 'scrape' THEN 'scraping' ELSE 'importing' END,
                attempt = r.attempt + 1,
                lease_owner = @silo, lease_token = gen_random_uuid(), lease_expires_at = now() + @clock_offset + @lease,
                scrape_started_at = CASE WHEN r.next_step = 'scrape' THEN coalesce(r.scrape_started_at, now()) ELSE r.scrape_started_at END,
                import_started_at = CASE WHEN r.next_step = 'import' THEN coalesce(r.import_started_at, now()) ELSE r.import_started_at END,
                version = r.version + 1, updated_at = now()
            FROM due WHERE r.meet_id = due.meet_id AND r.race_id = due.race_id
            RETURNING r.meet_id, r.race_id, r.job_id, r.title, r.next_step, r.attempt, r.lease_token, due.previous_owner, due.previous_expiry),
        takeovers AS (
            INSERT INTO race_grain_errors (job_id, meet_id, race_id, phase, attempt, silo_id, message)
            SELECT job_id, meet_id, race_id, CASE next_step WHEN 'scrape' THEN 'scraping' ELSE 'importing' END, attempt - 1, previous_owner,
                   format('Lease of silo %s expired at %s; taken over by silo %s', previous_owner, previous_expiry, @silo)
            FROM claimed WHERE previous_owner IS NOT NULL)
        SELECT meet_id, race_id, job_id, title, next_step, attempt, lease_token, previous_owner FROM claimed
        """;

    // Rows locked by our own commit in flight are skipped: nobody can take them while locked.
    private const string RenewSql = """
        WITH mine AS (
            SELECT meet_id, race_id FROM race_grains
            WHERE lease_owner = @silo AND lease_token = ANY(@tokens)
            FOR UPDATE SKIP LOCKED)
        UPDATE race_grains r SET lease_expires_at = now() + @clock_offset + @lease
        FROM mine WHERE r.meet_id = mine.meet_id AND r.race_id = mine.race_id
        """;

    private const string FenceSql = """
        SELECT r.version, j.cancel_requested, j.auto_import
        FROM race_grains r JOIN import_jobs j ON j.id = r.job_id
        WHERE r.meet_id = @meet AND r.race_id = @race AND r.lease_owner = @silo AND r.lease_token = @token
          AND r.lease_expires_at > now() + @clock_offset
        FOR UPDATE OF r
        """;

    private const string ScrapedSql = """
        UPDATE race_grains SET phase = 'scraped',
            next_step = CASE WHEN @auto_import THEN 'import' END, scheduled_at = CASE WHEN @auto_import THEN now() + @clock_offset END,
            attempt = 0, scrape_finished_at = clock_timestamp(), rows_read = @read, last_error = NULL,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE meet_id = @meet AND race_id = @race AND version = @version
        """;

    private const string ImportedSql = """
        UPDATE race_grains SET phase = 'imported', next_step = NULL, scheduled_at = NULL, import_finished_at = clock_timestamp(),
            rows_read = @read, rows_inserted = @inserted, rows_already_present = @already_present, rows_updated = @updated,
            rows_rejected = @rejected, rows_flagged = @flagged, last_error = NULL,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE meet_id = @meet AND race_id = @race AND version = @version
        """;

    private const string CancelledSql = """
        UPDATE race_grains SET phase = 'cancelled', next_step = NULL, scheduled_at = NULL,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE meet_id = @meet AND race_id = @race AND version = @version
        """;

    private const string FailedAttemptSql = """
        WITH logged AS (
            INSERT INTO race_grain_errors (job_id, meet_id, race_id, phase, attempt, silo_id, message)
            VALUES (@job, @meet, @race, CASE @step WHEN 'scrape' THEN 'scraping' ELSE 'importing' END, @attempt, @silo, @message))
        UPDATE race_grains SET
            phase = CASE WHEN @final THEN 'failed' WHEN @step = 'scrape' THEN 'pending' ELSE 'scraped' END,
            next_step = CASE WHEN @final THEN NULL ELSE @step END,
            scheduled_at = CASE WHEN @final THEN NULL ELSE now() + @clock_offset + @backoff END,
            last_error = @message,
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE meet_id = @meet AND race_id = @race AND version = @version
        """;

    // A graceful stop hands races back at once, without spending an attempt (River's soft stop).
    private const string ReleaseSql = """
        WITH mine AS (
            SELECT meet_id, race_id FROM race_grains WHERE lease_owner = @silo ORDER BY meet_id, race_id FOR UPDATE)
        UPDATE race_grains r SET
            phase = CASE r.next_step WHEN 'scrape' THEN 'pending' ELSE 'scraped' END,
            attempt = greatest(r.attempt - 1, 0), scheduled_at = now(),
            lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = r.version + 1, updated_at = now()
        FROM mine WHERE r.meet_id = mine.meet_id AND r.race_id = mine.race_id
        RETURNING r.job_id
        """;

    /// <summary>
    /// Claims up to <paramref name="limit"/> due races whose next step is the import (<paramref name="imports"/>)
    /// or the scrape: the silo bounds the two separately.
    /// </summary>
    public async Task<IReadOnlyList<RaceLease>> ClaimAsync(int limit, bool imports, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        AddClock(command);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("imports", imports);
        command.Parameters.AddWithValue("silo", siloId);
        command.Parameters.AddWithValue("lease", options.LeaseDuration);
        var leases = new List<RaceLease>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                leases.Add(new RaceLease(
                    reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetGuid(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        // The job's phase counts follow its races' claims.
        foreach (var jobId in leases.Select(l => l.JobId).Distinct())
        {
            await RecomputeAsync(jobId, ct);
        }

        return leases;
    }

    public async Task RenewAsync(IReadOnlyCollection<Guid> tokens, CancellationToken ct)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(RenewSql);
        AddClock(command);
        command.Parameters.AddWithValue("silo", siloId);
        command.Parameters.AddWithValue("tokens", tokens.ToArray());
        command.Parameters.AddWithValue("lease", options.LeaseDuration);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Commits a step's effects and the race's next phase in one transaction, fenced by the lease.</summary>
    public async Task<RowOutcomeCounts?> CommitSuccessAsync(
        RaceLease lease, Func<NpgsqlConnection, NpgsqlTransaction, Task<RowOutcomeCounts>> writeEffects, CancellationToken ct)
    {
        if (lease.Step != "import")
        {
            await using var pooled = await dataSource.OpenConnectionAsync(ct);
            return await CommitSuccessAsync(pooled, lease, writeEffects, ct);
        }

        // Imports run on kept connections, whose staging tables outlive the transaction.
        var connection = await _importConnections.RentAsync(ct);
        try
        {
            var counts = await CommitSuccessAsync(connection, lease, writeEffects, ct);
            _importConnections.Keep(connection);
            return counts;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the connections kept for imports.</summary>
    public ValueTask CloseImportConnectionsAsync() => _importConnections.DisposeAsync();

    private async Task<RowOutcomeCounts?> CommitSuccessAsync(
        NpgsqlConnection connection, RaceLease lease, Func<NpgsqlConnection, NpgsqlTransaction, Task<RowOutcomeCounts>> writeEffects, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fence = await FenceAsync(connection, transaction, lease, ct);
        RowOutcomeCounts? counts = null;
        if (fence.CancelRequested)
        {
            await UpdateRaceAsync(connection, transaction, CancelledSql, lease, fence.Version, ct);
        }
        else
        {
            counts = await writeEffects(connection, transaction);
            if (lease.Step == "scrape")
            {
                await UpdateRaceAsync(connection, transaction, ScrapedSql, lease, fence.Version, ct, ("auto_import", fence.AutoImport), ("read", counts.Read));
            }
            else
            {
                await UpdateRaceAsync(
                    connection,
                    transaction,
                    ImportedSql,
                    lease,
                    fence.Version,
                    ct,
                    ("read", counts.Read),
                    ("inserted", counts.Inserted),
                    ("already_present", counts.AlreadyPresent),
                    ("updated", counts.Updated),
                    ("rejected", counts.Rejected),
                    ("flagged", counts.Flagged));
            }
        }

        await JobProgress.RecomputeAsync(connection, transaction, lease.JobId, options.ClockOffset, ct);
        if (lease.Step == "scrape" && fence.AutoImport && !fence.CancelRequested)
        {
            await JobProgress.NotifyAsync(connection, transaction, ct);
        }

        await transaction.CommitAsync(ct);
        return counts;
    }

    /// <summary>Records a failed attempt: retried after the backoff, or <c>failed</c> when it was the last.</summary>
    public async Task<bool> CommitFailureAsync(RaceLease lease, string message, bool permanent, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fence = await FenceAsync(connection, transaction, lease, ct);
        var final = permanent || lease.Attempt >= options.MaxAttempts;
        if (fence.CancelRequested)
        {
            await UpdateRaceAsync(connection, transaction, CancelledSql, lease, fence.Version, ct);
        }
        else
        {
            var backoff = Backoff.Delay(lease.Attempt, options.MaxBackoff, options.BackoffJitter, Random.Shared);
            await UpdateRaceAsync(
                connection,
                transaction,
                FailedAttemptSql,
                lease,
                fence.Version,
                ct,
                ("job", lease.JobId),
                ("step", lease.Step),
                ("attempt", lease.Attempt),
                ("silo", siloId),
                ("message", message),
                ("final", final),
                ("backoff", backoff));
        }

        await JobProgress.RecomputeAsync(connection, transaction, lease.JobId, options.ClockOffset, ct);
        await transaction.CommitAsync(ct);
        return final;
    }

    /// <summary>Hands back every race this silo holds; returns the jobs touched.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var jobs = new HashSet<Guid>();
        await using (var command = new NpgsqlCommand(ReleaseSql, connection, transaction))
        {
            command.Parameters.AddWithValue("silo", siloId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(reader.GetGuid(0));
            }
        }

        foreach (var jobId in jobs)
        {
            await JobProgress.RecomputeAsync(connection, transaction, jobId, options.ClockOffset, ct);
        }

        await JobProgress.NotifyAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Whether the job was cancelled: read at a step boundary, before any work starts.</summary>
    public async Task<bool> IsCancelRequestedAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT cancel_requested FROM import_jobs WHERE id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private async Task RecomputeAsync(Guid jobId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await JobProgress.RecomputeAsync(connection, transaction, jobId, options.ClockOffset, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<(long Version, bool CancelRequested, bool AutoImport)> FenceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RaceLease lease, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FenceSql, connection, transaction);
        AddClock(command);
        command.Parameters.AddWithValue("meet", lease.MeetId);
        command.Parameters.AddWithValue("race", lease.RaceId);
        command.Parameters.AddWithValue("silo", siloId);
        command.Parameters.AddWithValue("token", lease.Token);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new LeaseLostException(
                $"Race {lease.RaceId} of meet {lease.MeetId}: silo {siloId} no longer holds its lease (attempt {lease.Attempt}); nothing was written.");
        }

        return (reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    private async Task UpdateRaceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, RaceLease lease, long version, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddClock(command);
        command.Parameters.AddWithValue("meet", lease.MeetId);
        command.Parameters.AddWithValue("race", lease.RaceId);
        command.Parameters.AddWithValue("version", version);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        // Compare-and-set on the version read under the fence's row lock: it cannot miss, and if it
        // ever did the transaction must not commit.
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new LeaseLostException($"Race {lease.RaceId} of meet {lease.MeetId} changed under its lease (version {version}).");
        }
    }

    private void AddClock(NpgsqlCommand command) => command.Parameters.AddWithValue("clock_offset", options.ClockOffset);
}
