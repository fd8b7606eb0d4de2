using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// A school's season imported through the API on silos in processes of their own, while the silo holding
/// the season's grain is killed in the middle (a crash: nothing handed back). The season must still
/// complete, and the database must equal a clean run's of the same season on natural keys.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class SeasonFailoverTests(ITestOutputHelper output)
{
    private const int Year = 2025;
    private static readonly SampleTeam School = new("8100", "Failover High");

    [Fact]
    public async Task A_season_whose_silo_is_killed_mid_import_completes_with_the_rows_of_a_clean_run()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var meets = ChaosMeets.Generate(seed: 20261205, meets: 8, minResults: 150, maxResults: 450)
            .Append(SampleSeasons.NotPosted("950101", "Failover Dual (not posted)", new DateOnly(Year, 10, 20)))
            .Append(SampleSeasons.Upcoming("950102", "Failover State Meet", Year, today))
            .ToList();
        var seasons = new[] { SampleSeasons.Calendar(School, Year, meets) };
        // Each source call takes a little while, so the season is still importing when the kill comes.
        var latency = SampleFaultPlan.WithLatency(TimeSpan.FromMilliseconds(150));

        NaturalKeys killed;
        await using (var rig = await ImportRig.StartAsync(meets, latency, silos: 2, maxAttempts: 10, crashable: true, seasons: seasons))
        {
            using var api = rig.AdminClient();
            var seasonJobId = await StartAsync(api);
            var season = rig.Cluster.Grains.GetSeasonGrain(School.TeamId, Year);
            SeasonJobState? state = null;
            await Eventually.WaitAsync(
                async () =>
                {
                    state = await season.GetJobAsync(seasonJobId);
                    return state is { Status: SeasonStatus.Running } && state.Meets.Any(m => m.Phase == SeasonMeetPhase.Running)
                        && await rig.Database.ScalarAsync<long>("SELECT count(*) FROM results") > 0;
                },
                TimeSpan.FromSeconds(120),
                "the season to be importing");
            var victim = rig.Cluster.Silos.Single(s => s.Name == state!.Silo);
            output.WriteLine($"killing {victim.Name}, which holds the season: {state!.Message}");

            await rig.Cluster.KillAsync(victim);
            // The season answers from the surviving silo before a replacement starts: TestCluster numbers a
            // new silo by how many run, so the replacement can carry the victim's name.
            string? resumedOn = null;
            await Eventually.WaitAsync(
                async () =>
                {
                    try
                    {
                        resumedOn = (await season.GetJobAsync(seasonJobId))?.Silo;
                    }
                    catch (Exception e) when (GrainCallFailures.SiloAway(e))
                    {
                        return false;
                    }

                    return resumedOn is not null && resumedOn != victim.Name;
                },
                TimeSpan.FromSeconds(60),
                "the season to answer from the surviving silo");
            output.WriteLine($"the season answers from {resumedOn}");
            await rig.Cluster.StartSiloAsync();

            var end = await WaitForEndAsync(api, seasonJobId);
            output.WriteLine($"after the kill: {end.GetProperty("message").GetString()}");
            AssertComplete(end, meets);
            killed = await NaturalKeys.CaptureAsync(rig.Database.DataSource);
        }

        NaturalKeys clean;
        await using (var rig = await ImportRig.StartAsync(meets, faults: null, silos: 2, maxAttempts: 5, seasons: seasons))
        {
            using var api = rig.AdminClient();
            AssertComplete(await WaitForEndAsync(api, await StartAsync(api)), meets);
            clean = await NaturalKeys.CaptureAsync(rig.Database.DataSource);
        }

        Assert.Equal(8, clean.Count("meets"));
        Assert.DoesNotContain(killed.Duplicates(), d => d.StartsWith("meets:", StringComparison.Ordinal) || d.StartsWith("races:", StringComparison.Ordinal));
        var differences = killed.DifferencesFrom(clean);
        Assert.True(differences.Count == 0, $"{differences.Count} rows differ from the clean run:\n" + string.Join("\n", differences.Take(20)));
    }

    /// <summary>
    /// Starts the season; a 503 (the API's cluster client has not reached the out-of-process silos yet)
    /// is sent again, as its problem asks.
    /// </summary>
    private static async Task<Guid> StartAsync(AdminApi api)
    {
        HttpStatusCode status = default;
        JsonElement body = default;
        await Eventually.WaitAsync(
            async () =>
            {
                (status, body) = await api.PostAsync("import-season", new { schoolId = School.TeamId, seasonYear = Year });
                return status != HttpStatusCode.ServiceUnavailable;
            },
            TimeSpan.FromSeconds(60),
            "the API to reach the silos");
        Assert.True(status == HttpStatusCode.Accepted, $"import-season: {(int)status} {body}");
        return body.GetProperty("seasonJobId").GetGuid();
    }

    /// <summary>Polls the season until it ends; an API answer of 5xx (its silo just died) is asked again.</summary>
    private static async Task<JsonElement> WaitForEndAsync(AdminApi api, Guid seasonJobId)
    {
        JsonElement last = default;
        await Eventually.WaitAsync(
            async () =>
            {
                var (code, body) = await api.GetAsync($"seasons/{seasonJobId}");
                if ((int)code >= 500)
                {
                    return false;
                }

                Assert.True(code == HttpStatusCode.OK, $"season {seasonJobId}: {(int)code} {body}");
                last = body;
                return body.GetProperty("status").GetString() is not ("discovering" or "running");
            },
            TimeSpan.FromMinutes(4),
            $"season {seasonJobId} to end");
        return last;
    }

    private static void AssertComplete(JsonElement season, IReadOnlyList<MeetSnapshot> meets)
    {
        Assert.True(season.GetProperty("status").GetString() == "complete", $"the season ended {season}");
        var states = season.GetProperty("meets").EnumerateArray()
            .ToDictionary(m => m.GetProperty("meetId").GetString()!, m => (m.GetProperty("state").GetString(), m.GetProperty("jobStatus").GetString()));
        Assert.All(meets.Where(m => m.Results.Count > 0), m => Assert.Equal(("imported", "importing_complete"), states[m.Meet.AthleticNetMeetId]));
        Assert.Equal("no_results", states["950101"].Item1);
        Assert.Equal("upcoming", states["950102"].Item1);
        var rows = meets.Sum(m => m.Results.Count);
        var results = season.GetProperty("results");
        Assert.Equal(rows, results.GetProperty("read").GetInt32());
        Assert.Equal(rows, results.GetProperty("inserted").GetInt32() + results.GetProperty("already_present").GetInt32()
                           + results.GetProperty("updated").GetInt32() + results.GetProperty("rejected").GetInt32());
    }
}
