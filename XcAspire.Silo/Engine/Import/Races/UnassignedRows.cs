using Npgsql;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Input rows that belong to no race of the meet (their race id is unknown or missing): rejected
/// before any race runs, stored with the job so they are counted and shown like every other row.
/// </summary>
public static class UnassignedRows
{
    public static IReadOnlyList<RejectedRow> Of(MeetSnapshot meet)
    {
        var raceIds = meet.Races.Select(r => r.AthleticNetRaceId).ToHashSet(StringComparer.Ordinal);
        return meet.Rejected.Where(r => r.AthleticNetRaceId is null || !raceIds.Contains(r.AthleticNetRaceId))
            .Concat(meet.Results.Where(r => !raceIds.Contains(r.AthleticNetRaceId))
                .Select(r => new RejectedRow(r.Source, null, $"race '{r.AthleticNetRaceId}' is not a race of meet {meet.Meet.AthleticNetMeetId}", r.AthleteName)))
            .ToList();
    }

    /// <summary>Stores the meet's unassigned rows as rejected outcomes of the job; returns how many.</summary>
    public static async Task<int> RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, MeetSnapshot meet, Guid jobId, CancellationToken ct)
    {
        var rows = Of(meet);
        await Sql.ExecAsync(conn, tx, "DELETE FROM import_row_outcomes WHERE job_id = @job AND athletic_net_race_id IS NULL", ct, ("job", jobId));
        if (rows.Count > 0)
        {
            await Sql.ExecAsync(
                conn,
                tx,
                """
                INSERT INTO import_row_outcomes (job_id, athletic_net_race_id, source_file, source_line, outcome, reason, raw_text)
                SELECT @job, NULL, f, l, 'rejected', r, t FROM unnest(@files, @lines, @reasons, @raw) AS u(f, l, r, t)
                """,
                ct,
                ("job", jobId), ("files", rows.Select(r => r.Source.File).ToArray()), ("lines", rows.Select(r => r.Source.Line).ToArray()),
                ("reasons", rows.Select(r => r.Reason).ToArray()), ("raw", rows.Select(r => r.RawText.Length > 2000 ? r.RawText[..2000] : r.RawText).ToArray()));
        }

        return rows.Count;
    }
}
