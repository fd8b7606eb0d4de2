namespace XcAspire.AppHost.Tests;

[Collection(RunningSystemCollection.Name)]
public sealed class RestartTests(RunningSystemFixture system)
{
    [Fact]
    public async Task A_job_running_when_the_apphost_stops_finishes_once_it_starts_again_and_the_stop_leaves_nothing_running()
    {
        var settings = system.Settings;
        var jobId = await ImportJobs.StartScrapeAsync(system.Host.Api, ImportTests.LargeMeet);
        await Wait.UntilAsync(
            async () => await ImportJobs.StatusAsync(system.Host.Api, jobId) is { } s && ImportJobs.ImportedRaces(s) > 0,
            ImportJobs.Timeout,
            "the first races imported");
        var before = await ImportJobs.StatusAsync(system.Host.Api, jobId);
        Assert.True(ImportJobs.ImportedRaces(before!.Value) < 84, "the job finished before the AppHost could be stopped");
        var processes = new[] { settings.PostgresPort, settings.ApiPort, settings.SampleSourcePort }
            .Concat(new[] { "silo-1", "silo-2" }.Select(system.Host.PortOf))
            .Select(system.Host.ProcessListeningOn)
            .ToList();

        await system.RestartAsync(afterStop: () =>
        {
            Assert.DoesNotContain(processes, ProcessTools.IsAlive);
            // PostgreSQL stopped cleanly (after the services), not killed: it removes its pid file.
            Assert.False(File.Exists(Path.Combine(settings.ClusterDirectory, "data", "postmaster.pid")), "postmaster.pid is left behind");
        });

        // Same service id, same grain state and reminders: the job goes on where it was.
        ImportJobs.AssertComplete(await ImportJobs.WaitFinishedAsync(() => system.Host.Api, jobId), races: 84);
    }
}
