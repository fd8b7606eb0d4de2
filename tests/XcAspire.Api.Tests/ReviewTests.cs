using System.Net;
using XcAspire.Silo.Import;
using XcAspire.Silo.Sample;

namespace XcAspire.Api.Tests;

/// <summary>The review queues on an imported meet: listing, merging two athletes, choosing one of two times.</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private FlowClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        _api = new FlowClient(_host.AdminClient());
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = "920001", RaceCount = 4, TotalResults = 200, SchoolCount = 8, Seed = 21 });
        await new MeetImporter(_host.Database.DataSource).ImportAsync(meet, null, dryRun: false, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Same_person_merges_the_second_athlete_into_the_first_and_rebuilds_their_bests()
    {
        // Two athletes of one school, each with results: the queue item says they may be one person.
        var db = _host.Database;
        var keep = await db.ScalarAsync<Guid>(
            "SELECT a.id FROM athletes a WHERE EXISTS (SELECT 1 FROM results r WHERE r.athlete_id = a.id) ORDER BY a.slug LIMIT 1");
        var drop = await db.ScalarAsync<Guid>(
            $"SELECT a.id FROM athletes a WHERE a.school_id = (SELECT school_id FROM athletes WHERE id = '{keep}') AND a.id <> '{keep}' " +
            "AND a.gender = (SELECT gender FROM athletes WHERE id = '" + keep + "') AND EXISTS (SELECT 1 FROM results r WHERE r.athlete_id = a.id) ORDER BY a.slug LIMIT 1");
        var keptResults = await db.ScalarAsync<long>($"SELECT count(*) FROM results WHERE athlete_id IN ('{keep}', '{drop}')");
        var item = await db.ScalarAsync<Guid>(
            $"""
            INSERT INTO potential_duplicate_athletes (athlete_id_1, athlete_id_2, school_id, name_1, name_2, conflict_type)
            SELECT a.id, b.id, a.school_id, a.name, b.name, 'name_variation' FROM athletes a, athletes b WHERE a.id = '{keep}' AND b.id = '{drop}'
            RETURNING id
            """);

        var pending = await _api.GetAsync("review/athletes");
        Assert.Contains(pending.EnumerateArray(), i => i.GetProperty("id").GetGuid() == item);

        var resolved = await _api.PostAsync($"review/athletes/{item}/resolve", new { resolution = "same_person", notes = "same runner, typo" });
        Assert.Equal("same_person", resolved.GetProperty("status").GetString());
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM athletes WHERE id = '{drop}'"));
        Assert.Equal(keptResults, await db.ScalarAsync<long>($"SELECT count(*) FROM results WHERE athlete_id = '{keep}'"));
        Assert.Equal(
            await db.ScalarAsync<long>($"SELECT min(time_cs) FROM results WHERE athlete_id = '{keep}'"),
            await db.ScalarAsync<long>($"SELECT min(season_best_time_cs) FROM athlete_best_times WHERE athlete_id = '{keep}'"));

        // Resolved once: a second answer is a conflict, not a second merge.
        await _api.PostAsync($"review/athletes/{item}/resolve", new { resolution = "different_people" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Keeping_one_of_two_times_marks_the_other_replaced()
    {
        var db = _host.Database;
        var item = await db.ScalarAsync<Guid>("SELECT id FROM potential_duplicates WHERE status = 'pending' ORDER BY detected_at LIMIT 1");
        var second = await db.ScalarAsync<Guid>($"SELECT result_id_2 FROM potential_duplicates WHERE id = '{item}'");

        var listed = await _api.GetAsync("review/results?meetId=920001");
        Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("id").GetGuid() == item);
        await _api.PostAsync($"review/results/{item}/resolve", new { resolution = "keep_first" });

        Assert.Equal("replaced", await db.ScalarAsync<string>($"SELECT validation_status FROM results WHERE id = '{second}'"));
        Assert.Equal("resolved", await db.ScalarAsync<string>($"SELECT status FROM potential_duplicates WHERE id = '{item}'"));
        // A replaced time feeds no best time after the rebuild.
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM athlete_best_times WHERE season_best_result_id = '{second}'"));
    }
}
