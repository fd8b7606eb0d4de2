using Npgsql;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// The chaos run's adversary: every 1–3 s it kills a random silo's process (a crash: nothing handed back) and
/// starts a new one; at the first tick that finds <paramref name="restartAtResults"/> results in the
/// database (the import well under way, many races in flight) it restarts PostgreSQL instead, once.
/// Seeded, so a run repeats its choices.
/// </summary>
public sealed class ChaosSupervisor(GrainCluster cluster, PrivatePostgres postgres, NpgsqlDataSource dataSource, long restartAtResults, Random random)
{
    public int Kills { get; private set; }

    /// <summary>Results in the database when PostgreSQL was restarted; -1 before that.</summary>
    public long ResultsAtRestart { get; private set; } = -1;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(random.Next(1000, 3000), stop); // the supervisor's pace, not a wait for work
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (postgres.Restarts == 0 && await ResultsAsync() is var results && results >= restartAtResults)
            {
                ResultsAtRestart = results;
                await postgres.RestartAsync();
                // This test's own connections died with the restart too (the silos and the API clear their pools themselves).
                dataSource.Clear();
                continue;
            }

            var silos = cluster.Silos;
            await cluster.KillAsync(silos[random.Next(silos.Count)]);
            await StartSiloAsync();
            Kills++;
        }
    }

    private async Task<long> ResultsAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM results");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Starts a silo, trying again while its first statements meet connections the restart broke: a
    /// silo process would exit on that and be started again by the AppHost.
    /// </summary>
    private Task StartSiloAsync() =>
        Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await cluster.StartSiloAsync();
                    return true;
                }
                catch (NpgsqlException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "a new silo to start");
}
