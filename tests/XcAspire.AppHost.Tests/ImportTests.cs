using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace XcAspire.AppHost.Tests;

/// <summary>Meets scraped from the sample source and imported through the API, as a user runs the system.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ImportTests(RunningSystemFixture system)
{
    /// <summary>The sample source's 84-race meet: big enough that its import is still running when a silo dies.</summary>
    public const string LargeMeet = "920084";

    [Fact]
    public async Task A_sample_meet_started_through_the_api_reaches_importing_complete()
    {
        var jobId = await ImportJobs.StartScrapeAsync(system.Host.Api, "900001");

        ImportJobs.AssertComplete(await ImportJobs.WaitFinishedAsync(() => system.Host.Api, jobId), races: 4);
    }

    [Fact]
    public async Task A_meet_completes_though_a_silo_process_is_killed_and_the_silo_restarts_from_the_dashboard()
    {
        var host = system.Host;
        var jobId = await ImportJobs.StartScrapeAsync(host.Api, LargeMeet);
        await Wait.UntilAsync(
            async () => await ImportJobs.StatusAsync(host.Api, jobId) is { } s && ImportJobs.ImportedRaces(s) > 0,
            ImportJobs.Timeout,
            "the first races imported");

        // The silo itself (not the launcher it runs under), without a chance to stop cleanly.
        using (var silo = Process.GetProcessById(host.ProcessListeningOn(host.PortOf("silo-1"))))
        {
            silo.Kill();
        }

        ImportJobs.AssertComplete(await ImportJobs.WaitFinishedAsync(() => host.Api, jobId), races: 84);
        await host.App.ResourceNotifications.WaitForResourceAsync("silo-1", KnownResourceStates.TerminalStates);

        // The dashboard's Start button is this command.
        var started = await host.Commands.ExecuteCommandAsync("silo-1", KnownResourceCommands.StartCommand);
        Assert.True(started.Success, started.Message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.App.ResourceNotifications.WaitForResourceHealthyAsync("silo-1", timeout.Token);
    }
}
