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
    // Waits measured after the lock is held: clock_timestamp(), not now() (the transaction's start time).
    private const string LockHost =
        """
        SELECT GREATEST(
                   COALESCE(last_request_at + @spacing, clock_timestamp()),
                   COALESCE(blocked_until, clock_timestamp())) - clock_timestamp()
        FROM source_hosts WHERE host = @host FOR UPDATE
        """;

    public async Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await EnsureRowAsync(connection, host, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var wait = await ScalarAsync<TimeSpan>(connection, transaction, LockHost, ct, ("host", host), ("spacing", spacing));
        if (wait > options.Value.MaxRetryAfter)
        {
            throw new SourceUnavailableException(
                $"The source {host} asked us to stop sending for another {wait.TotalSeconds:F0} s (Retry-After); " +
                "retry the race after that.");
        }

        if (wait > TimeSpan.Zero)
        {
            // Holding the lock while waiting is the point: nobody else may send before this request either.
            await Task.Delay(wait, ct);
        }

        await ExecuteAsync(connection, transaction,
            "UPDATE source_hosts SET last_request_at = clock_timestamp(), requests = requests + 1 WHERE host = @host",
            ct, ("host", host));
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
            await ExecuteAsync(connection, transaction,
                "UPDATE source_hosts SET blocked_until = clock_timestamp() + @block, throttled = throttled + 1 WHERE host = @host",
                ct, ("host", host), ("block", block));
        }

        await transaction.CommitAsync(ct);
        return result.Reply;
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

    private static async Task EnsureRowAsync(NpgsqlConnection connection, string host, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("INSERT INTO source_hosts (host) VALUES (@host) ON CONFLICT (host) DO NOTHING", connection);
        command.Parameters.AddWithValue("host", host);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<TValue> ScalarAsync<TValue>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        // No command timeout: waiting for the host's lock is the queue, however long; the caller's token ends it.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (TValue)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
