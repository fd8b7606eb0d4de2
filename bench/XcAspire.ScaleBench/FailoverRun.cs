using System.Diagnostics;
using System.Globalization;
using XcAspire.Bench;
using XcAspire.Reliability.Tests;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.ScaleBench;

/// <summary>
/// Failover, measured: the 20,000-result meet imported by folder path on 2 silos, each a process of its
/// own, one killed (SIGKILL) once a few races are imported. Prints how long each race the dead silo left
/// unfinished waited before it resumed on the other silo, and compares the database with the engine's
/// import of the same folder on natural keys (product.md §7).
/// </summary>
public static class FailoverRun
{
    private const int Size = 20_000;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("xc-bench-failover-").FullName;
        var written = BenchMeet.WriteFolder(Size, folder);
        NaturalKeys clean;
        await using (var database = await TestPostgres.CreateMigratedAsync())
        {
            await BenchMeet.ImportAsync(database.DataSource, folder);
            clean = await NaturalKeys.CaptureAsync(database.DataSource);
        }

        await using var rig = await ImportRig.StartAsync([], faults: null, silos: 2, maxAttempts: 5, settings: ProductionTimings.Settings(), crashable: true);
        using var api = rig.AdminClient();
        var directoryPath = $"meet_{written.MeetId}";
        Directory.Move(folder, Path.Combine(rig.DataRoot, directoryPath));
        var (status, started) = await api.PostAsync("import-meet/start-import", new { directoryPath });
        RigCalls.Require(status, "start-import", started);
        var jobId = Guid.Parse(started.GetProperty("jobId").GetString()!);
        var meet = rig.Cluster.Grains.GetMeetGrain(written.MeetId);
        var victim = rig.Cluster.Silos[1];

        // Kill the silo while it is importing and a few races are in.
        var clock = Stopwatch.StartNew();
        while (await meet.GetRacesAsync(jobId) is var races
               && !(races.Count(r => r.Phase == RacePhase.Imported) >= 2 && races.Any(r => r.Phase == RacePhase.Importing && r.Silo == victim.Name)))
        {
            if (clock.Elapsed > Limit)
            {
                await output.WriteLineAsync("failover: the victim never imported while races were left");
                return 1;
            }

            await Task.Delay(50);
        }

        var killedAt = DateTimeOffset.UtcNow;
        await rig.Cluster.KillAsync(victim);
        MeetGrainState? state = null;
        while (clock.Elapsed < Limit && (state is null || state.Status.IsActive()))
        {
            try
            {
                state = await meet.GetJobAsync(jobId).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (GrainCallFailures.SiloAway(e))
            {
                // The meet grain lived on the dead silo: its next activation answers.
            }

            await Task.Delay(100);
        }

        var survivor = rig.Cluster.Silos.Single(s => s != victim);
        var peak = PeakMemory.OfProcessMiB(GrainCluster.ProcessOf(survivor).Id);
        var finished = await meet.GetRacesAsync(jobId);
        var waits = finished
            .SelectMany(r => r.Errors.Where(e => e.SiloId == victim.Name && e.OccurredAt >= killedAt))
            .Select(e => (e.OccurredAt - killedAt).TotalSeconds)
            .Order()
            .ToList();
        var differences = (await NaturalKeys.CaptureAsync(rig.Database.DataSource)).DifferencesFrom(clean);
        var resumed = waits.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{waits[0]:N1}–{waits[^1]:N1} s (median {waits[waits.Count / 2]:N1} s)");
        var equal = differences.Count == 0
            ? "equals the engine's on natural keys"
            : $"DIFFERS from the engine's: {string.Join("; ", differences.Take(5))}";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"failover: {written.Races} races, {written.Rows:N0} rows; silo {victim.Name} killed (SIGKILL) mid-import; job {state?.Status.Name()} " +
            $"after {clock.Elapsed.TotalSeconds:N1} s; the {waits.Count} races it left unfinished resumed on the other silo after {resumed}; database {equal}; " +
            $"peak working set of the surviving silo process {peak:N0} MiB"));
        return state?.Status == JobStatus.ImportingComplete && differences.Count == 0 && waits.Count > 0 ? 0 : 1;
    }
}
