using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace XcAspire.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own (scripts/pg-cluster.sh), for a test that restarts
/// the server under running work: the shared cluster of XC_TEST_PG serves every other test and must
/// never go down. Stopped and deleted on dispose.
/// </summary>
public sealed partial class PrivatePostgres(string directory, int port, string adminConnectionString) : IAsyncDisposable
{
    public string AdminConnectionString { get; } = adminConnectionString;

    /// <summary>Times the server was restarted.</summary>
    public int Restarts { get; private set; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var clusterDirectory = Directory.CreateTempSubdirectory("xc-private-pg-").FullName;
        try
        {
            var exports = await RunScriptAsync("start", clusterDirectory, "--throwaway");
            var connection = ConnectionPattern().Match(exports);
            var port = PortPattern().Match(exports);
            if (!connection.Success || !port.Success)
            {
                throw new InvalidOperationException("pg-cluster.sh printed no connection string: " + exports);
            }

            return new PrivatePostgres(clusterDirectory, int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), connection.Groups[1].Value);
        }
        catch
        {
            await RunScriptAsync("stop", clusterDirectory, "--delete");
            throw;
        }
    }

    /// <summary>A fresh migrated database on this cluster.</summary>
    public async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await TestDatabase.CreateAsync(AdminConnectionString, string.Empty);
        await TestPostgres.MigrateAsync(database.ConnectionString);
        return database;
    }

    /// <summary>
    /// Stops the server with a fast shutdown (every session terminated, open transactions rolled
    /// back, as an operator's restart does) and starts it again on the same port and data; checks
    /// that the server answering afterwards is a new one.
    /// </summary>
    public async Task RestartAsync()
    {
        var before = await StartedAtAsync();
        await RunScriptAsync("stop", directory);
        await RunScriptAsync("start", directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--throwaway");
        var after = await StartedAtAsync();
        if (after <= before)
        {
            throw new InvalidOperationException($"PostgreSQL in {directory} was not restarted: it still runs since {before:O}");
        }

        Restarts++;
    }

    private async Task<DateTime> StartedAtAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_postmaster_start_time()", connection);
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await RunScriptAsync("stop", directory, "--delete");

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "pg-cluster.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg-cluster.sh could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg-cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "pg-cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/pg-cluster.sh not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("XC_PG_CONN='([^']+)'")]
    private static partial Regex ConnectionPattern();

    [GeneratedRegex(@"XC_PG_PORT=(\d+)")]
    private static partial Regex PortPattern();
}
