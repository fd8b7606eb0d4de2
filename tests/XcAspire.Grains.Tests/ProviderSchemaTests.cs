using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Hosting;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Grains.Tests;

/// <summary>
/// Orleans' ADO.NET providers against our own schema (migration 0010): every query they read from
/// OrleansQuery, used the way the providers use it.
/// </summary>
public sealed class ProviderSchemaTests : GrainTestBase
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Membership_two_silos_join_and_a_killed_one_is_declared_dead_by_the_other()
    {
        await using var cluster = await StartCrashableClusterAsync(2, TimeSpan.Zero);
        var serviceSilos = $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{cluster.Cluster.Options.ClusterId}'";
        Assert.Equal(2, await CountAsync($"{serviceSilos} AND status = {Active}"));
        var versionBefore = await CountAsync($"SELECT version FROM orleansmembershipversiontable WHERE deploymentid = '{cluster.Cluster.Options.ClusterId}'");

        var victim = cluster.Silos[1];
        await cluster.KillAsync(victim);

        await Eventually.WaitAsync(
            async () => await CountAsync($"{serviceSilos} AND port = {victim.SiloAddress.Endpoint.Port} AND status = {Dead}") == 1,
            Timeout,
            "the survivor to declare the killed silo dead");
        Assert.Equal(1, await CountAsync($"{serviceSilos} AND status = {Active}"));
        Assert.True(await CountAsync($"SELECT version FROM orleansmembershipversiontable WHERE deploymentid = '{cluster.Cluster.Options.ClusterId}'") > versionBefore);
        // The survivor's suspicion is recorded as the protocol needs it (silo address, time).
        Assert.Equal(1, await CountAsync($"{serviceSilos} AND port = {victim.SiloAddress.Endpoint.Port} AND suspecttimes LIKE '%,%'"));
        var gateways = await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Single(gateways);
    }

    [Fact]
    public async Task A_hung_silo_is_declared_dead_too()
    {
        await using var cluster = await StartCrashableClusterAsync(2, TimeSpan.Zero);
        var hung = cluster.Silos[1];
        var process = GrainCluster.ProcessOf(hung);
        // SIGSTOP: the process keeps its connections open and answers nothing, as a hung machine would.
        await Signals.SendAsync(process.Id, "STOP");
        try
        {
            await Eventually.WaitAsync(
                async () => await CountAsync(
                    $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{cluster.Cluster.Options.ClusterId}' " +
                    $"AND port = {hung.SiloAddress.Endpoint.Port} AND status = {Dead}") == 1,
                Timeout,
                "the other silo to declare the hung one dead");
        }
        finally
        {
            await cluster.KillAsync(hung);
        }
    }

    [Fact]
    public async Task Storage_reads_writes_refuses_a_stale_etag_and_clears()
    {
        await using var cluster = await StartClusterAsync(1);
        var storage = ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var grainId = GrainId.Create("race", "5/7");
        const string type = "race";

        var first = new GrainState<RaceGrainRecord>(new RaceGrainRecord());
        await storage.ReadStateAsync(type, grainId, first);
        Assert.False(first.RecordExists);
        Assert.Null(first.ETag);

        first.State!.Title = "Mens 5,000 Meters Varsity";
        first.State.Phase = RacePhase.Scraped;
        await storage.WriteStateAsync(type, grainId, first);
        Assert.True(first.RecordExists);

        var second = new GrainState<RaceGrainRecord>(new RaceGrainRecord());
        await storage.ReadStateAsync(type, grainId, second);
        Assert.Equal("Mens 5,000 Meters Varsity", second.State!.Title);
        Assert.Equal(RacePhase.Scraped, second.State.Phase);
        Assert.Equal(first.ETag, second.ETag);

        // Two writers from the same version: the second is stale.
        second.State.Phase = RacePhase.Importing;
        await storage.WriteStateAsync(type, grainId, second);
        first.State.Phase = RacePhase.Failed;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(type, grainId, first));
        // A brand-new writer (no ETag) may not overwrite an existing record either.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(type, grainId, new GrainState<RaceGrainRecord>(new RaceGrainRecord())));

        await storage.ClearStateAsync(type, grainId, second);
        var third = new GrainState<RaceGrainRecord>(new RaceGrainRecord());
        await storage.ReadStateAsync(type, grainId, third);
        Assert.False(third.RecordExists);
        Assert.Equal(string.Empty, third.State!.Title);
        // Cleared, the version goes on counting: a writer from before the clear is stale too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(type, grainId, first));
        third.State.Title = "written again";
        await storage.WriteStateAsync(type, grainId, third);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM orleansstorage WHERE payloadbinary IS NOT NULL"));
    }

    [Fact]
    public async Task Reminders_are_registered_fire_and_are_unregistered()
    {
        await using var cluster = await StartClusterAsync(2);
        var probe = cluster.Grains.GetGrain<IReminderProbeGrain>("probe-1");

        await probe.RegisterAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'test-reminder-probe/%'"));
        await Eventually.WaitAsync(async () => await probe.TicksAsync() >= 2, Timeout, "the reminder to fire twice");

        await probe.UnregisterAsync();
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'test-reminder-probe/%'"));
    }

    [Fact]
    public async Task The_reminder_table_reads_a_range_of_the_ring_whether_or_not_it_wraps()
    {
        await using var cluster = await StartClusterAsync(1);
        var table = ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("race", $"9/{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "resume", StartAt = DateTime.UtcNow, Period = TimeSpan.FromSeconds(5) });
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var middle = hashes[20];
        // (begin, end] without wrapping, and the complement, which wraps around the ring.
        var inside = await table.ReadRows(hashes[0], middle);
        var outside = await table.ReadRows(middle, hashes[0]);
        Assert.Equal(20, inside.Reminders.Count);
        Assert.Equal(20, outside.Reminders.Count);
        Assert.Empty(inside.Reminders.Select(r => r.GrainId).Intersect(outside.Reminders.Select(r => r.GrainId)));

        var row = await table.ReadRow(grains[0], "resume");
        Assert.False(await table.RemoveRow(grains[0], "resume", "999"));
        Assert.True(await table.RemoveRow(grains[0], "resume", row!.ETag!));
        Assert.Null(await table.ReadRow(grains[0], "resume"));
    }
}
