using Microsoft.Extensions.Options;
using Npgsql;

namespace XcAspire.Silo.Sources.Politeness;

/// <summary>
/// The gate across all silos: the host's row in <c>source_hosts</c> is locked (FOR UPDATE) for the whole
/// request, so other silos queue on the lock; spacing and Retry-After blocks are times on the database's
/// clock, so hosts with skewed clocks still agree.
/// </summary>
public sealed class PostgresHostGate(NpgsqlDataSource dataSource, IOptions<SourceOptions> options) : IHostGate
{
    // Taking a turn is one round trip, so the database hands the host from one request to the next with no
    // trip to a silo in between (milliseconds each on a busy machine, and as each spacing counts from the
    // previous start, they would add up over a meet's 86 calls). In order: the host's row is made sure of
    // and locked (queueing behind whoever holds it); the start is decided and kept for this transaction,
    // unless a Retry-After block outlasts what we wait for; the wait runs on the database's clock, pg_sleep
    // for all but the last moments (it wakes up to a millisecond late) and the rest counted off on the
    // clock; and the start is stamped the moment the wait ends.
    private const string EnsureHost = "INSERT INTO source_hosts (host) VALUES (@host) ON CONFLICT (host) DO NOTHING";

    // Read after the lock is held: clock_timestamp(), not now() (the transaction's start time).
    private const string LockAndDecide =
        """
        SELECT wait, set_config('xc.turn_start', CASE WHEN wait <= @longest THEN start::text ELSE '' END, true)
        FROM (SELECT start, start - clock_timestamp() AS wait
              FROM (SELECT GREATEST(
                               COALESCE(last_request_at + @spacing, clock_timestamp()),
                               COALESCE(blocked_until, clock_timestamp())) AS start
                    FROM source_hosts WHERE host = @host FOR UPDATE) AS locked) AS next
        """;

    // NULL when the turn was refused: pg_sleep_until(NULL) does not sleep, and no tick is counted.
    private const string Turn = "turn AS (SELECT NULLIF(current_setting('xc.turn_start'), '')::timestamptz AS start)";

    private const string SleepUntilNearly = $"WITH {Turn} SELECT pg_sleep_until(start - interval '2 milliseconds') FROM turn";

    private const string CountOffUntil =
        $"""
        WITH RECURSIVE {Turn}, tick(at) AS (SELECT clock_timestamp() UNION ALL SELECT clock_timestamp() FROM tick, turn WHERE at < turn.start)
        SELECT count(*) FROM tick
        """;

    private const string StampStart =
        "UPDATE source_hosts SET last_request_at = clock_timestamp(), requests = requests + 1 WHERE host = @host AND current_setting('xc.turn_start') <> ''";

    private const string BlockHost = "UPDATE source_hosts SET blocked_until = clock_timestamp() + @block, throttled = throttled + 1 WHERE host = @host";

    public async Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // Holding the lock while waiting is the point: nobody else may send before this request either.
        var wait = await TakeTurnAsync(connection, transaction, host, spacing, ct);
        if (wait > options.Value.MaxRetryAfter)
        {
            throw new SourceUnavailableException(
                $"The source {host} asked us to stop sending for another {wait.TotalSeconds:F0} s (Retry-After); " +
                "retry the race after that.");
        }

        GatedReply<T> result;
        try
        {
            result = await send(ct);
        }
        catch
        {
            // The request went out (or tried to): its start still counts for the next one's spacing.
            await CommitQuietlyAsync(transaction);
            throw;
        }

        if (result.BlockHostFor is { } block)
        {
            await ExecuteAsync(connection, transaction, ct, Command(BlockHost, ("host", host), ("block", block)));
        }

        await transaction.CommitAsync(ct);
        return result.Reply;
    }

    /// <summary>
    /// Waits for this request's turn at the host and stamps its start, in one round trip; returns how long
    /// the wait was when the lock was taken. A wait longer than Source:MaxRetryAfter is not taken (nothing slept,
    /// nothing stamped).
    /// </summary>
    private async Task<TimeSpan> TakeTurnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string host, TimeSpan spacing, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            // No timeout: the lock's queue and the wait are as long as they are; the caller's token ends them.
            Timeout = 0,
            BatchCommands =
            {
                Command(EnsureHost, ("host", host)),
                Command(LockAndDecide, ("host", host), ("spacing", spacing), ("longest", options.Value.MaxRetryAfter)),
                Command(SleepUntilNearly),
                Command(CountOffUntil),
                Command(StampStart, ("host", host)),
            },
        };
        // The INSERT returns no rows, so the reader starts on the lock's; the wait and the stamp follow.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"source_hosts has no row for {host} right after it was ensured.");
        }

        var wait = reader.GetTimeSpan(0);
        while (await reader.NextResultAsync(ct))
        {
            // The wait's results carry nothing; reading past them is waiting for the turn.
        }

        return wait;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct, params NpgsqlBatchCommand[] commands)
    {
        // No timeout: a wait for the host is as long as the spacing or Retry-After says; the caller's token ends it.
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task CommitQuietlyAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The request's own failure is what the caller needs to see; a lost stamp only shortens one wait.
        }
    }
}
