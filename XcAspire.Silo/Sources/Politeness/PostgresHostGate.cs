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
    private const string EnsureHost = "INSERT INTO source_hosts (host) VALUES (@host) ON CONFLICT (host) DO NOTHING";

    // When this request may start, read after the lock is held: clock_timestamp(), not now() (the transaction's start time).
    private const string LockHost =
        """
        SELECT start, start - clock_timestamp()
        FROM (SELECT GREATEST(
                         COALESCE(last_request_at + @spacing, clock_timestamp()),
                         COALESCE(blocked_until, clock_timestamp())) AS start
              FROM source_hosts WHERE host = @host FOR UPDATE) AS next
        """;

    // pg_sleep wakes up to a millisecond late, so it sleeps all but the last moments, which are counted off
    // on the clock; the start is stamped the moment they end.
    private const string SleepUntilNearly = "SELECT pg_sleep_until(@start - interval '2 milliseconds')";

    private const string CountOffUntil =
        """
        WITH RECURSIVE tick(at) AS (SELECT clock_timestamp() UNION ALL SELECT clock_timestamp() FROM tick WHERE at < @start)
        SELECT count(*) FROM tick
        """;

    private const string StampStart = "UPDATE source_hosts SET last_request_at = clock_timestamp(), requests = requests + 1 WHERE host = @host";

    private const string BlockHost = "UPDATE source_hosts SET blocked_until = clock_timestamp() + @block, throttled = throttled + 1 WHERE host = @host";

    public async Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var (start, wait) = await LockAsync(connection, transaction, host, spacing, ct);
        if (wait > options.Value.MaxRetryAfter)
        {
            throw new SourceUnavailableException(
                $"The source {host} asked us to stop sending for another {wait.TotalSeconds:F0} s (Retry-After); " +
                "retry the race after that.");
        }

        // Holding the lock while waiting is the point: nobody else may send before this request either. The
        // wait runs on the database's clock, in the same round trip as the stamp: as each spacing counts from
        // the previous start, any lateness between the two (a trip back from this process, milliseconds on a
        // busy machine) would add up over a meet's 86 calls.
        await ExecuteAsync(
            connection,
            transaction,
            ct,
            Command(SleepUntilNearly, ("start", start)),
            Command(CountOffUntil, ("start", start)),
            Command(StampStart, ("host", host)));

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

    /// <summary>Makes sure the host has its row, locks it and reads when the next request may start and how long that is from now (one round trip).</summary>
    private static async Task<(DateTime Start, TimeSpan Wait)> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string host, TimeSpan spacing, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            // No timeout: waiting for the host's lock is the queue, however long; the caller's token ends it.
            Timeout = 0,
            BatchCommands = { Command(EnsureHost, ("host", host)), Command(LockHost, ("host", host), ("spacing", spacing)) },
        };
        // The INSERT returns no rows, so the reader starts on the SELECT's.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"source_hosts has no row for {host} right after it was ensured.");
        }

        return (reader.GetDateTime(0), reader.GetTimeSpan(1));
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
