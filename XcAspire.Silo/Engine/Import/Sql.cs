using Npgsql;

namespace XcAspire.Silo.Import;

/// <summary>Small helpers for the import's set-based statements, all inside the caller's transaction.</summary>
internal static class Sql
{
    public static async Task<int> ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(conn, tx, sql, parameters);
        if (Preparable(sql))
        {
            await command.PrepareAsync(ct);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(conn, tx, sql, parameters);
        if (Preparable(sql))
        {
            await command.PrepareAsync(ct);
        }

        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Runs statements in one round trip (a batch), in order, each seeing the previous ones' writes.</summary>
    public static async Task BatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<string> statements, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement);
            foreach (var (name, value) in parameters)
            {
                if (statement.Contains("@" + name, StringComparison.Ordinal))
                {
                    command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
                }
            }

            batch.BatchCommands.Add(command);
        }

        // Prepared statements live on the physical connection: after a meet's first race, its
        // statements skip parsing and planning (each race runs the same few dozen statements).
        if (batch.BatchCommands.All<NpgsqlBatchCommand>(c => Preparable(c.CommandText)))
        {
            await batch.PrepareAsync(ct);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    // Preparing parses every statement before any runs, so a statement using a temp table that an
    // earlier statement of the same command creates cannot be prepared.
    private static bool Preparable(string sql) => !sql.Contains("CREATE TEMP", StringComparison.Ordinal);

    public static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
