using Npgsql;

namespace XcAspire.Testing;

/// <summary>A database of its own for one test (or one test class); dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        ConnectionString = TestPostgres.ConnectionStringFor(name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    internal static async Task<TestDatabase> CreateAsync(string clause)
    {
        var name = "xc_test_" + Guid.NewGuid().ToString("N")[..16];
        await TestPostgres.ExecuteAdminAsync($"CREATE DATABASE \"{name}\" {clause}");
        return new TestDatabase(name);
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

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await TestPostgres.ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
