using Npgsql;

namespace XcAspire.AppHost.Tests;

/// <summary>The AppHost's own PostgreSQL cluster in a state directory of the test's: stop, lock, restart.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Sigterm_leaves_nothing_running_and_a_second_run_reuses_the_data()
    {
        var state = AppHostProcess.NewStateDirectory();
        try
        {
            var options = new AppHostStartOptions { Silos = 1, StateDirectory = state };
            await using (var first = await AppHostProcess.StartHealthyAsync(options))
            {
                Assert.False(AppHostProcess.IsInstanceLockFree(state));
                await ExecuteAsync(first.PrivateClusterConnectionString, "CREATE TABLE lifecycle_marker (note text); INSERT INTO lifecycle_marker VALUES ('kept')");
                await AssertSecondInstanceRefusedAsync(options);

                await first.GetResourcesAsync();
                Assert.Equal(0, await first.StopAsync());

                Assert.Empty(first.StillRunning());
                Assert.Contains("[apphost] stopped", first.Output, StringComparison.Ordinal);
                Assert.True(AppHostProcess.IsInstanceLockFree(state), "apphost.lock is still held");
            }

            await using var second = await AppHostProcess.StartHealthyAsync(options);
            Assert.Equal("kept", await ScalarAsync(second.PrivateClusterConnectionString, "SELECT note FROM lifecycle_marker"));
            await second.GetResourcesAsync();
            Assert.Equal(0, await second.StopAsync());
            Assert.Empty(second.StillRunning());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task AssertSecondInstanceRefusedAsync(AppHostStartOptions options)
    {
        await using var second = AppHostProcess.Start(options);
        await second.WaitForAsync(() => Task.FromResult(second.HasExited), TimeSpan.FromMinutes(1), "the second AppHost to exit");
        Assert.Equal(1, await second.StopAsync());
        Assert.Contains("already running", second.Output, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
