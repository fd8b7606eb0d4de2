using System.Diagnostics;
using Npgsql;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Imports one race of a meet inside the caller's transaction (the RaceGrain commits it with the
/// race's phase change; this never commits or rolls back). Set-based throughout: one COPY of the
/// race's rows into a staging table, then a few statements for schools, athletes (tiers as ordered
/// passes under the race's name claims) and the results merge — no per-row round trips.
/// Idempotent: importing the same race again reports every row as already present.
/// </summary>
public static class RaceImporter
{
    public static async Task<RaceImportResult> ImportRaceAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MeetSnapshot meet, string athleticNetRaceId, Guid? jobId, CancellationToken ct)
    {
        var race = meet.Races.FirstOrDefault(r => r.AthleticNetRaceId == athleticNetRaceId)
            ?? throw new ArgumentException($"race {athleticNetRaceId} is not in meet {meet.Meet.AthleticNetMeetId}", nameof(athleticNetRaceId));
        using var activity = XcTelemetry.Source.StartActivity("import race");
        activity?.SetTag("xc.meet_id", meet.Meet.AthleticNetMeetId);
        activity?.SetTag("xc.race_id", athleticNetRaceId);

        var results = meet.Results.Where(r => r.AthleticNetRaceId == athleticNetRaceId).ToList();
        var rejected = meet.Rejected.Where(r => r.AthleticNetRaceId == athleticNetRaceId).ToList();
        var warnings = new List<string>();
        var raceRejection = RaceRejection(meet, race);
        var course = raceRejection is null ? MeetRows.CourseFor(meet, race, warnings) : null;
        var widths = await SiteWidths.ReadAsync(conn, tx, ct);
        raceRejection ??= widths.RejectRace(meet, race, course);

        await Sql.ExecAsync(conn, tx, StagedInput.CreateTables, ct);
        await StagedInput.CopyAsync(conn, meet, results, rejected, raceRejection, ct);
        await widths.RejectRowsAsync(conn, tx, ct);
        // Temporary tables are never analysed automatically: without statistics the planner takes
        // the race's rows for one and joins them to what was just inserted by nested loops, which
        // is quadratic in the race's size.
        await Sql.ExecAsync(conn, tx, "ANALYZE xc_stage", ct);

        Guid? raceId = null;
        var keys = raceRejection is null ? await MeetRows.EnsureAsync(conn, tx, meet, race, course, ct) : null;
        if (keys is { OwnedBy: null })
        {
            raceId = keys.RaceId;
            await RowIdentity.RejectConflictsAsync(conn, tx, keys, ct);
            await SchoolMatching.ResolveAsync(conn, tx, ct);
            await AthleteMatching.MatchAsync(conn, tx, race.Gender, keys.MeetId, ct);
            await ResultMerge.MergeAsync(conn, tx, keys, ct);
            await RowIdentity.CheckMeetAsync(conn, tx, keys, athleticNetRaceId, ct);
        }
        else
        {
            // The race itself cannot take rows: unusable as given, or its id belongs to another meet.
            var reason = keys?.OwnedBy is { } owner
                ? $"race {athleticNetRaceId} belongs to {owner}; it is never moved to meet {meet.Meet.AthleticNetMeetId}, so its rows are not imported"
                : null;
            await Sql.ExecAsync(conn, tx, "UPDATE xc_stage SET outcome = 'rejected', reject_reason = coalesce(reject_reason, @reason)", ct, ("reason", reason));
        }

        var counts = await OutcomeRecorder.CountAsync(conn, tx, ct);
        if (jobId is { } job)
        {
            await OutcomeRecorder.StoreAsync(conn, tx, job, athleticNetRaceId, counts, ct);
        }

        activity?.SetTag("xc.rows_read", counts.Read);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return new RaceImportResult(athleticNetRaceId, raceId, counts, warnings);
    }

    /// <summary>
    /// A race that cannot be stored (bad gender or distance, or a meet, venue, race or course name that
    /// breaks <see cref="TextRules"/>): all its rows are rejected with this reason.
    /// </summary>
    private static string? RaceRejection(MeetSnapshot meet, RaceRecord race) =>
        race.Gender is not ("M" or "F") ? $"race {race.AthleticNetRaceId} has gender '{race.Gender}', not M or F; its rows cannot be imported"
        : race.DistanceMeters is < 100 or > 50000 ? $"race {race.AthleticNetRaceId} has no usable distance ({race.DistanceMeters} m)"
        : (TextRules.NameProblem("the meet's name", meet.Meet.Name)
            ?? TextRules.NameProblem("the venue's name", meet.Venue?.Name ?? meet.Meet.VenueName)
            ?? TextRules.NameProblem("the race's title", race.Title)
            ?? TextRules.NameProblem("the race's course name", race.CourseName)) is { } problem
            ? $"race {race.AthleticNetRaceId}: {problem}; its rows cannot be imported"
        : null;
}
