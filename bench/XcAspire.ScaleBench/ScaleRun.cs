using System.Diagnostics;
using XcAspire.Reliability.Tests;
using XcAspire.Silo.MeetData;
using XcAspire.Testing;

namespace XcAspire.ScaleBench;

/// <summary>Starts every meet through the API at once, polls to the end, and prints the figures.</summary>
public static class ScaleRun
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(IReadOnlyList<MeetSnapshot> meets, TextWriter output)
    {
        var generatedRows = meets.Sum(m => m.Results.Count);
        output.WriteLine($"scale: {meets.Count} meets, {meets.Sum(m => m.Races.Count)} races, {generatedRows} result rows generated");
        await using var rig = await ImportRig.StartAsync(meets, faults: null, silos: 3, maxAttempts: 5, settings: ProductionTimings.Settings());
        using var api = rig.AdminClient();

        var clock = Stopwatch.StartNew();
        var jobs = new Dictionary<string, string>();
        foreach (var meet in meets)
        {
            var meetId = meet.Meet.AthleticNetMeetId;
            var (metaStatus, metadata) = await api.PostAsync("import-meet/fetch-metadata", new { meetId });
            RigCalls.Require(metaStatus, $"fetch-metadata {meetId}", metadata);
            var (status, started) = await api.PostAsync(
                "import-meet/start-scrape", new { meetId, metadata = AdminApi.NewVenueAndCourses(metadata), autoImport = true });
            RigCalls.Require(status, $"start-scrape {meetId}", started);
            jobs[meetId] = started.GetProperty("jobId").GetString()!;
        }

        var finishedAt = new Dictionary<string, TimeSpan>();
        while (finishedAt.Count < jobs.Count)
        {
            if (clock.Elapsed > Limit)
            {
                output.WriteLine($"scale: gave up after {Limit}: {jobs.Count - finishedAt.Count} jobs unfinished");
                return 1;
            }

            foreach (var (meetId, jobId) in jobs.Where(j => !finishedAt.ContainsKey(j.Key)))
            {
                var (code, body) = await api.GetAsync($"import-meet/status/{jobId}");
                RigCalls.Require(code, $"status {meetId}", body);
                var now = body.GetProperty("status").GetString();
                if (now is "error" or "cancelled" or "completed_with_errors")
                {
                    output.WriteLine($"scale: meet {meetId} ended {now}: {body}");
                    return 1;
                }

                if (now == "importing_complete")
                {
                    finishedAt[meetId] = clock.Elapsed;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250)); // polling pace of the status endpoint
        }

        var wall = clock.Elapsed;
        var slowest = finishedAt.MaxBy(f => f.Value);
        var slowestMeet = meets.Single(m => m.Meet.AthleticNetMeetId == slowest.Key);
        var counts = await RigCalls.DomainCountsAsync(rig.Database);
        var stored = counts["results"] + counts["non_finishers"];
        output.WriteLine($"scale: wall time {wall.TotalSeconds:F1} s, {generatedRows / wall.TotalSeconds:F0} results/s");
        output.WriteLine($"scale: slowest meet {slowest.Key} ({slowestMeet.Results.Count} rows, {slowestMeet.Races.Count} races) done at {slowest.Value.TotalSeconds:F1} s");
        output.WriteLine($"scale: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB (API, 3 silos and the sample source share this process)");
        output.WriteLine($"scale: database meets {counts["meets"]}/{meets.Count}, races {counts["races"]}/{meets.Sum(m => m.Races.Count)}, " +
                         $"results {counts["results"]} + non_finishers {counts["non_finishers"]} = {stored}/{generatedRows} generated rows, " +
                         $"athletes {counts["athletes"]}, schools {counts["schools"]}");
        output.WriteLine(await TimelineAsync(rig.Database));
        return stored == generatedRows && counts["meets"] == meets.Count ? 0 : 1;
    }

    /// <summary>Where the wall time went, from the jobs' and races' own timestamps (the database's clock).</summary>
    private static async Task<string> TimelineAsync(TestDatabase database) =>
        await database.ScalarAsync<string>(
            """
            WITH t0 AS (SELECT min(created_at) AS at FROM import_jobs),
                 per_job AS (
                     SELECT j.finished_at - max(r.import_finished_at) AS meet_step
                     FROM import_jobs j JOIN race_grains r ON r.job_id = j.id
                     GROUP BY j.id, j.finished_at)
            SELECT format('scale: timeline from the first job: scrapes +%s to +%s s (%s s of scraping in all), imports +%s to +%s s (%s s in all, longest %s s), last job done +%s s; meet step after a job''s last race: median %s s, longest %s s',
                round(extract(epoch FROM min(r.scrape_started_at) - t0.at)::numeric, 1),
                round(extract(epoch FROM max(r.scrape_finished_at) - t0.at)::numeric, 1),
                round(extract(epoch FROM sum(r.scrape_finished_at - r.scrape_started_at))::numeric, 1),
                round(extract(epoch FROM min(r.import_started_at) - t0.at)::numeric, 1),
                round(extract(epoch FROM max(r.import_finished_at) - t0.at)::numeric, 1),
                round(extract(epoch FROM sum(r.import_finished_at - r.import_started_at))::numeric, 1),
                round(extract(epoch FROM max(r.import_finished_at - r.import_started_at))::numeric, 1),
                round(extract(epoch FROM (SELECT max(finished_at) FROM import_jobs) - t0.at)::numeric, 1),
                round((SELECT extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY meet_step)) FROM per_job)::numeric, 1),
                round((SELECT extract(epoch FROM max(meet_step)) FROM per_job)::numeric, 1))
            FROM race_grains r, t0
            GROUP BY t0.at
            """);
}
