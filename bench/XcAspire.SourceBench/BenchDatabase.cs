using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using XcAspire.ServiceDefaults.Migrations;

namespace XcAspire.SourceBench;

/// <summary>
/// A migrated database of its own on the server in XC_PG_CONN (or XC_TEST_PG); without one, a throwaway
/// cluster started with scripts/pg-cluster.sh. Dropped (and stopped) on dispose.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _adminConnection;
    private readonly string _name;
    private readonly string? _clusterDir;
    private readonly string _repoRoot;

    private BenchDatabase(string repoRoot, string adminConnection, string name, string? clusterDir, NpgsqlDataSource dataSource)
    {
        _repoRoot = repoRoot;
        _adminConnection = adminConnection;
        _name = name;
        _clusterDir = clusterDir;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> CreateAsync()
    {
        var repoRoot = FindRepoRoot();
        string? clusterDir = null;
        var admin = Environment.GetEnvironmentVariable("XC_PG_CONN") is { Length: > 0 } fromEnv ? fromEnv
            : Environment.GetEnvironmentVariable("XC_TEST_PG") is { Length: > 0 } fromTests ? fromTests
            : null;
        if (admin is null)
        {
            clusterDir = Directory.CreateTempSubdirectory("xc-sourcebench-pg-").FullName;
            var exports = await RunAsync(repoRoot, "scripts/pg-cluster.sh", "start", clusterDir, "--throwaway");
            admin = exports.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("XC_PG_CONN=", StringComparison.Ordinal))
                ?.Split("XC_PG_CONN=", 2)[1].Trim('\'', '"')
                ?? throw new InvalidOperationException($"scripts/pg-cluster.sh printed no XC_PG_CONN: {exports}");
        }

        var name = "xc_sourcebench_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded()).ApplyAsync();
        return new BenchDatabase(repoRoot, admin, name, clusterDir, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_adminConnection, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        if (_clusterDir is not null)
        {
            await RunAsync(_repoRoot, "scripts/pg-cluster.sh", "stop", _clusterDir, "--delete");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> RunAsync(string workingDirectory, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode})");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XcAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XcAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
