using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using XcAspire.ServiceDefaults.Migrations;

namespace XcAspire.Testing;

/// <summary>
/// The throwaway cluster that ./xc test starts (its admin connection string is XC_TEST_PG).
/// Each test gets its own database, cloned from a template that was migrated once per test process.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("XC_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "XC_TEST_PG is not set: run the tests with ./xc test, which starts a throwaway PostgreSQL cluster, " +
                "or point XC_TEST_PG at a PostgreSQL server you can create databases on.");

    /// <summary>A fresh database with the schema applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var template = await Template.Value;
        return await TestDatabase.CreateAsync(AdminConnectionString, $"TEMPLATE \"{template}\"");
    }

    /// <summary>A fresh empty database (no migrations), for the migrator's own tests.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => TestDatabase.CreateAsync(AdminConnectionString, string.Empty);

    private static async Task<string> CreateTemplateAsync()
    {
        var name = "xc_template_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = ConnectionStringFor(AdminConnectionString, name);
        await MigrateAsync(connectionString);

        // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    }

    /// <summary>Applies every migration to the database of <paramref name="connectionString"/>.</summary>
    internal static async Task MigrateAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded());
        await migrator.ApplyAsync();
    }

    internal static string ConnectionStringFor(string adminConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Runs SQL on the cluster's maintenance database (for CREATE/ALTER/DROP DATABASE).</summary>
    public static Task ExecuteAdminAsync(string sql) => ExecuteAdminAsync(AdminConnectionString, sql);

    /// <summary>Runs SQL on the maintenance database of the server of <paramref name="adminConnectionString"/>.</summary>
    public static async Task ExecuteAdminAsync(string adminConnectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
