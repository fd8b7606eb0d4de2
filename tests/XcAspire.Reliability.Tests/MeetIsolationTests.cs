using System.Text.Json;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;

namespace XcAspire.Reliability.Tests;

/// <summary>
/// One meet's import never changes another meet's rows, through the API and the sample source: meets
/// whose source result ids collide, and the README's sample meets imported one after the other.
/// Compared on natural keys (product.md §7) before and after.
/// </summary>
public sealed class MeetIsolationTests : IAsyncLifetime
{
    private static readonly MeetSnapshot First = SampleMeets.Build("930101", "Isolation Invitational", new DateOnly(2025, 9, 13), races: 2, runnersPerRace: 10);

    // The same source's next meet, whose first three rows carry result ids the first meet already owns.
    private static readonly MeetSnapshot Colliding = Collide(
        SampleMeets.Build("930102", "Isolation Classic", new DateOnly(2025, 9, 27), races: 2, runnersPerRace: 10), First, rows: 3);

    private ImportRig _rig = null!;
    private AdminApi _api = null!;

    public async Task InitializeAsync()
    {
        var catalog = SampleMeets.DefaultCatalog();
        _rig = await ImportRig.StartAsync([First, Colliding, catalog.Find("900001")!, catalog.Find("900002")!], faults: null, silos: 1, maxAttempts: 3);
        _api = _rig.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _rig.DisposeAsync();
    }

    [Fact]
    public async Task Meets_whose_result_ids_collide_both_import_and_the_colliding_rows_are_rejected_naming_the_first_meet()
    {
        await ImportAsync(First);
        var before = await NaturalKeys.CaptureAsync(_rig.Database.DataSource);

        var (jobId, end) = await ImportAsync(Colliding);

        var after = await NaturalKeys.CaptureAsync(_rig.Database.DataSource);
        Assert.Empty(after.Of("930101").DifferencesFrom(before.Of("930101")));
        var results = end.GetProperty("results");
        Assert.Equal((3, 0), (results.GetProperty("rejected").GetInt32(), results.GetProperty("updated").GetInt32()));
        Assert.Equal(Colliding.Results.Count - 3, results.GetProperty("inserted").GetInt32());
        var (_, outcomes) = await _api.GetAsync($"jobs/{jobId}/outcomes");
        var rejected = outcomes.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "rejected").ToList();
        Assert.Equal(3, rejected.Count);
        Assert.All(rejected, r => Assert.Contains("already belongs to meet 930101 (Isolation Invitational)", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_readme_s_sample_meets_900001_then_900002_insert_every_row_of_900002_and_leave_900001_as_it_was()
    {
        var (_, firstEnd) = await ImportAsync(SampleMeets.DefaultCatalog().Find("900001")!);
        var before = await NaturalKeys.CaptureAsync(_rig.Database.DataSource);
        var second = SampleMeets.DefaultCatalog().Find("900002")!;

        var (_, secondEnd) = await ImportAsync(second);
        var after = await NaturalKeys.CaptureAsync(_rig.Database.DataSource);
        var (_, againEnd) = await ImportAsync(SampleMeets.DefaultCatalog().Find("900001")!);

        Assert.Equal(second.Results.Count, secondEnd.GetProperty("results").GetProperty("inserted").GetInt32());
        Assert.Empty(after.Of("900001").DifferencesFrom(before.Of("900001")));
        Assert.Equal(second.Results.Count(r => r.Status == FinishStatus.Finished), after.Of("900002").Count("results"));
        var again = againEnd.GetProperty("results");
        Assert.Equal((0, 0), (again.GetProperty("updated").GetInt32(), again.GetProperty("rejected").GetInt32()));
        Assert.Equal(firstEnd.GetProperty("results").GetProperty("inserted").GetInt32(), again.GetProperty("already_present").GetInt32());
    }

    /// <summary>Scrapes and imports a meet through the API (autoImport), as an operator would; answers its job and final status.</summary>
    private async Task<(string JobId, JsonElement End)> ImportAsync(MeetSnapshot meet)
    {
        var flow = new MeetFlow(_api);
        await flow.StartAsync(meet);
        await flow.WaitAllCompleteAsync(TimeSpan.FromMinutes(2));
        var jobId = flow.JobsByMeet[meet.Meet.AthleticNetMeetId];
        return (jobId, await new JobWaiter(_api).WaitForEndAsync(jobId));
    }

    private static MeetSnapshot Collide(MeetSnapshot meet, MeetSnapshot owner, int rows) => meet with
    {
        Results = meet.Results.Select((r, i) => i < rows ? r with { SourceResultId = owner.Results[i].SourceResultId } : r).ToList(),
    };
}
