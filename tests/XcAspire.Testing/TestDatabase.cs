using Npgsql;

namespace XcAspire.Testing;

/// <summary>A database of its own for one test (or one test class); dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = TestPostgres.ConnectionStringFor(adminConnectionString, name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A new database on the server of <paramref name="adminConnectionString"/>; <paramref name="clause"/> follows CREATE DATABASE.</summary>
    internal static async Task<TestDatabase> CreateAsync(string adminConnectionString, string clause)
    {
        var name = "xc_test_" + Guid.NewGuid().ToString("N")[..16];
        await TestPostgres.ExecuteAdminAsync(adminConnectionString, $"CREATE DATABASE \"{name}\" {clause}");
        return new TestDatabase(adminConnectionString, name);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first row's values (null for SQL NULL); throws when there is no row.</summary>
    public async Task<object?[]> QueryRowAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"No row for: {sql}");
        }

        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await TestPostgres.ExecuteAdminAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
