using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XcAspire.Bench;
using XcAspire.Reliability.Tests;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;

namespace XcAspire.ScaleBench;

/// <summary>
/// The engine benchmark's 20,000-result meet imported the way an operator would, through the API's
/// start-import with the folder's directoryPath on 2 silos, against the engine importing the same
/// folder in this process. Each path gets a fresh database; a small meet through both first warms
/// the process (JIT, pools) as the engine benchmark's warm-up does.
/// </summary>
public static class TwoSilosRun
{
    private const int Size = 20_000;
    private const int WarmUpSize = 1_000;
    private const int Silos = 2;

    /// <summary>The issue's bar: the silos' time within 1.5× of the engine's.</summary>
    private const double TargetRatio = 1.5;

    // Finer than the scale run's 250 ms: the whole import takes seconds, so the pace bounds the error.
    private static readonly TimeSpan PollPace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(TextWriter output)
    {
        await RunPairAsync(WarmUpSize, TextWriter.Null);
        return await RunPairAsync(Size, output) ? 0 : 1;
    }

    private static async Task<bool> RunPairAsync(int size, TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("xc-bench-silos-").FullName;
        try
        {
            var written = BenchMeet.WriteFolder(size, folder);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"two silos: meet {written.MeetId}, {written.Races} races, {written.Rows:N0} generated rows (split, spreadsheet-damaged folder); each path on a fresh database"));
            var (engine, folderRows) = await EngineAsync(folder);
            if (await SilosAsync(folder, written.MeetId) is not { } finished)
            {
                output.WriteLine($"two silos: the job did not reach importing_complete ({folderRows} rows to import)");
                return false;
            }

            var (silos, answered, timeline) = finished;

            output.WriteLine("path       import ms  results/s  rows stored                                          athletes  outcomes");
            var engineOk = Print(output, "engine", engine, written.Rows, folderRows);
            var silosOk = Print(output, $"{Silos} silos", silos, written.Rows, folderRows);
            var ratio = silos.Elapsed / engine.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Silos} silos / engine: {ratio:N2}x ({(ratio <= TargetRatio ? "within" : "NOT within")} {TargetRatio}x); " +
                $"silos timed from the start-import request to importing_complete, status polled every {PollPace.TotalMilliseconds:N0} ms " +
                $"(start-import, which reads the folder in the API, answered at {answered.TotalMilliseconds:N0} ms)"));
            output.WriteLine(timeline);
            return engineOk && silosOk;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The engine's run, and the rows the folder holds (read + rejected by the reader).</summary>
    private static async Task<(PathRun Run, int FolderRows)> EngineAsync(string folder)
    {
        await using var database = await TestPostgres.CreateMigratedAsync();
        var engine = await BenchMeet.ImportAsync(database.DataSource, folder);
        var stored = await RigCalls.DomainCountsAsync(database);
        return (new PathRun(engine.Elapsed, engine.Result.Counts, stored), engine.Meet.Results.Count + engine.Meet.Rejected.Count);
    }

    /// <summary>
    /// The folder moved under a fresh rig's data root and imported by path: the run, and when
    /// start-import answered and the job's timeline; null when the job ends otherwise.
    /// </summary>
    private static async Task<(PathRun Run, TimeSpan Answered, string Timeline)?> SilosAsync(string folder, string meetId)
    {
        await using var rig = await ImportRig.StartAsync([], faults: null, silos: Silos, maxAttempts: 5, settings: ProductionTimings.Settings());
        using var api = rig.AdminClient();
        var directoryPath = $"meet_{meetId}";
        Directory.Move(folder, Path.Combine(rig.DataRoot, directoryPath));

        var clock = Stopwatch.StartNew();
        var (status, started) = await api.PostAsync("import-meet/start-import", new { directoryPath });
        RigCalls.Require(status, $"start-import {directoryPath}", started);
        var answered = clock.Elapsed;
        var jobId = started.GetProperty("jobId").GetString()!;
        while (clock.Elapsed < Limit)
        {
            var (code, job) = await api.GetAsync($"import-meet/status/{jobId}");
            RigCalls.Require(code, $"status {jobId}", job);
            switch (job.GetProperty("status").GetString())
            {
                case "importing_complete":
                    var elapsed = clock.Elapsed;
                    var stored = await RigCalls.DomainCountsAsync(rig.Database);
                    return (new PathRun(elapsed, OutcomesOf(job), stored), answered, await TimelineAsync(rig.Database, jobId));
                case "error" or "cancelled" or "completed_with_errors":
                    await Console.Error.WriteLineAsync($"two silos: job {jobId} ended: {job}");
                    return null;
            }

            await Task.Delay(PollPace);
        }

        await Console.Error.WriteLineAsync($"two silos: job {jobId} unfinished after {Limit}");
        return null;
    }

    /// <summary>Where the silos' time went, from the job's and its races' own timestamps (the database's clock).</summary>
    private static async Task<string> TimelineAsync(TestDatabase database, string jobId) =>
        await database.ScalarAsync<string>(
            $"""
            SELECT format('two silos, job timeline from its creation: races imported from +%s to +%s ms (imports took %s ms in all, %s ms the longest), meet step from +%s to +%s ms; %s failed race attempts%s',
                round(extract(epoch FROM min(r.import_started_at) - j.created_at) * 1000),
                round(extract(epoch FROM max(r.import_finished_at) - j.created_at) * 1000),
                round(extract(epoch FROM sum(r.import_finished_at - r.import_started_at)) * 1000),
                round(extract(epoch FROM max(r.import_finished_at - r.import_started_at)) * 1000),
                round(extract(epoch FROM (SELECT min(m.completed_at) FROM meet_step_completions m WHERE m.job_id = j.id) - j.created_at) * 1000),
                round(extract(epoch FROM j.finished_at - j.created_at) * 1000),
                failed.attempts,
                coalesce(': ' || failed.reasons, ''))
            FROM import_jobs j JOIN race_grains r ON r.job_id = j.id
            CROSS JOIN LATERAL (
                SELECT count(*) AS attempts, string_agg(DISTINCT left(e.message, 120), '; ') AS reasons
                FROM race_grain_errors e WHERE e.job_id = j.id) failed
            WHERE j.id = '{jobId}'
            GROUP BY j.id, j.created_at, j.finished_at, failed.attempts, failed.reasons
            """);

    /// <summary>One path's line; true when every generated row is stored and the outcomes add up to the folder's rows.</summary>
    private static bool Print(TextWriter output, string path, PathRun run, int generatedRows, int folderRows)
    {
        var (elapsed, counts, stored) = run;
        var rows = stored["results"] + stored["non_finishers"];
        var arrived = rows == generatedRows;
        var addsUp = BenchMeet.AddsUp(counts) && counts.Read == folderRows;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path,-9} {elapsed.TotalMilliseconds,10:N0}  {counts.Read / elapsed.TotalSeconds,9:N0}  " +
            $"{$"results {stored["results"]:N0} + non_finishers {stored["non_finishers"]:N0} = {rows:N0}/{generatedRows:N0}{(arrived ? "" : " (MISSING ROWS)")}",-51}  " +
            $"{stored["athletes"],8:N0}  {BenchMeet.Describe(counts, addsUp)}"));
        return arrived && addsUp;
    }

    private static RowOutcomeCounts OutcomesOf(JsonElement job)
    {
        var r = job.GetProperty("results");
        int Count(string outcome) => r.GetProperty(outcome).GetInt32();
        return new RowOutcomeCounts(Count("read"), Count("inserted"), Count("already_present"), Count("updated"), Count("rejected"), Count("flagged"));
    }

    /// <summary>One path's figures: its time, the outcomes it reported, and the rows its database holds.</summary>
    private sealed record PathRun(TimeSpan Elapsed, RowOutcomeCounts Counts, Dictionary<string, long> Stored);
}
