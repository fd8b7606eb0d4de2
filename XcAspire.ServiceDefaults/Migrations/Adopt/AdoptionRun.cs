using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>Statements of one adoption, all on its connection and in its transaction.</summary>
internal sealed class AdoptionRun(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
{
    /// <summary>Runs one statement; returns the rows it changed (-1 for DDL).</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    public Task<SchemaCatalog> CatalogAsync(string schema) => SchemaCatalog.ReadAsync(connection, transaction, schema, ct);

    public async Task<List<string>> ListAsync(string sql)
    {
        var values = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
