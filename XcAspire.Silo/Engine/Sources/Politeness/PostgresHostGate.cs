using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace XcAspire.Silo.Sources.Politeness;

/// <summary>
/// The gate across all silos: the host's row in <c>source_hosts</c> is locked (FOR UPDATE, by the UPDATE
/// that takes the turn) for the whole request, so other silos queue on the lock; spacing and Retry-After
/// blocks are times on the database's clock, so hosts with skewed clocks still agree.
/// </summary>
/// <remarks>
/// A turn is taken in one round trip that also stamps the request's start: the earliest start the spacing
/// and any block allow. A turn more than <see cref="HoldTurnAtMost"/> away is given back and taken again
/// <see cref="TakeTurnAgainBefore"/> before it, so a long wait holds neither the lock nor a connection; the
/// last moments are waited for in the process holding the lock, with no database work, and the request
/// leaves at its turn with no round trip in between. As each start is stamped as the time it was
/// given, not the time the gate got round to it, the next turn counts its spacing from there: a scrape's
/// starts keep the spacing on the database's clock and the gate's own latency never adds up over a meet.
/// A start later than its turn by more than <see cref="LateStartTolerance"/> (a stalled process) is stamped
/// as it really went out, so the next one still keeps the spacing from it.
/// </remarks>
public sealed class PostgresHostGate(NpgsqlDataSource dataSource, IOptions<SourceOptions> options) : IHostGate
{
    /// <summary>How late a start may be against its turn and still be stamped at its turn (timer wake-up jitter).</summary>
    public static readonly TimeSpan LateStartTolerance = TimeSpan.FromMilliseconds(2);

    /// <summary>The longest wait for a turn spent holding the host's lock and a connection.</summary>
    public static readonly TimeSpan HoldTurnAtMost = TimeSpan.FromMilliseconds(50);

    /// <summary>How long before a far-off turn it is taken again: enough for the round trip that takes it.</summary>
    public static readonly TimeSpan TakeTurnAgainBefore = TimeSpan.FromMilliseconds(20);

    private const string EnsureHost = "INSERT INTO source_hosts (host) VALUES (@host) ON CONFLICT (host) DO NOTHING";

    // The UPDATE waits for the row's lock. GREATEST skips the NULLs of a host never used or never blocked.
    // RETURNING is evaluated once the row is ours: a start already past by then (its clock_timestamp() read
    // before a wait for the lock) comes back as a negative wait, and the request is stamped as it went out.
    private const string TakeTurn =
        """
        UPDATE source_hosts
        SET last_request_at = GREATEST(last_request_at + @spacing, blocked_until, clock_timestamp()), requests = requests + 1
        WHERE host = @host
        RETURNING last_request_at - clock_timestamp()
        """;

    private const string StampLateStart = "UPDATE source_hosts SET last_request_at = last_request_at + @late WHERE host = @host";

    private const string BlockHost = "UPDATE source_hosts SET blocked_until = clock_timestamp() + @block, throttled = throttled + 1 WHERE host = @host";

    public async Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            long told;
            var connection = await dataSource.OpenConnectionAsync(ct);
            await using (connection)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                wait = await TakeTurnAsync(connection, transaction, host, spacing, ct);
                told = Stopwatch.GetTimestamp();
                if (wait > options.Value.MaxRetryAfter)
                {
                    // Nothing is stamped: the transaction rolls back with the turn it took.
                    throw new SourceUnavailableException(
                        $"The source {host} asked us to stop sending for another {wait.TotalSeconds:F0} s (Retry-After); " +
                        "retry the race after that.");
                }

                if (wait <= HoldTurnAtMost)
                {
                    return await SendOnTurnAsync(connection, transaction, host, told, wait, send, ct);
                }
            }

            // A turn this far off is given back (rolled back, connection returned) and taken again shortly
            // before it: a long wait holds neither the host's lock nor a connection. Whoever takes the host
            // meanwhile does so under the lock, and the turn taken again then counts from that request.
            var untilTakenAgain = wait - Stopwatch.GetElapsedTime(told) - TakeTurnAgainBefore;
            if (untilTakenAgain > TimeSpan.Zero)
            {
                await Task.Delay(untilTakenAgain, ct);
            }
        }
    }

    /// <summary>Waits for the turn holding the lock (nobody else may send before this request either), sends, and finishes.</summary>
    private static async Task<T> SendOnTurnAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string host, long told, TimeSpan wait,
        Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        await PreciseWait.UntilAsync(told, wait, ct);
        var late = Stopwatch.GetElapsedTime(told) - wait;
        GatedReply<T> result;
        try
        {
            result = await send(ct);
        }
        catch
        {
            // The request went out (or tried to): its start still counts for the next one's spacing.
            await FinishQuietlyAsync(connection, transaction, host, late);
            throw;
        }

        await FinishAsync(connection, transaction, host, late, result.BlockHostFor, ct);
        return result.Reply;
    }

    /// <summary>Makes sure of the host's row, takes its lock and this request's start; returns how long until then.</summary>
    private static async Task<TimeSpan> TakeTurnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string host, TimeSpan spacing, CancellationToken ct)
    {
        // No timeout: the lock's queue is as long as it is; the caller's token ends the wait.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            Timeout = 0,
            BatchCommands = { Command(EnsureHost, ("host", host)), Command(TakeTurn, ("host", host), ("spacing", spacing)) },
        };
        // The INSERT returns no rows, so the reader starts on the turn's.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? reader.GetTimeSpan(0)
            : throw new InvalidOperationException($"source_hosts has no row for {host} right after it was ensured.");
    }

    /// <summary>Stamps a late start as it went out, records a Retry-After block, and lets the next request have the host.</summary>
    private static async Task FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string host, TimeSpan late, TimeSpan? block, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            if (late > LateStartTolerance)
            {
                batch.BatchCommands.Add(Command(StampLateStart, ("host", host), ("late", late)));
            }

            if (block is { } blockFor)
            {
                batch.BatchCommands.Add(Command(BlockHost, ("host", host), ("block", blockFor)));
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task FinishQuietlyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string host, TimeSpan late)
    {
        try
        {
            await FinishAsync(connection, transaction, host, late, block: null, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The request's own failure is what the caller needs to see; a lost stamp only shortens one wait.
        }
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
}
