using Npgsql;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Keeps a race's rows inside their own race and meet. A source result id (Athletic.net's IDResult)
/// identifies a row only within its race: one already stored under another race, of this meet or any
/// other, is a conflict, and the input row is rejected with a reason naming that meet and race, never
/// moved there or written over it. Athletes are not owned by a meet (a runner is in every meet of a
/// season) and are matched as product.md §3.2 says.
/// </summary>
internal static class RowIdentity
{
    /// <summary>Rejects input rows whose source result id repeats in the race or is already stored under another race.</summary>
    public static Task RejectConflictsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RaceKeys keys, CancellationToken ct) =>
        Sql.BatchAsync(conn, tx, [RepeatedIds, OwnedElsewhere], ct, ("race", keys.RaceId));

    /// <summary>
    /// A result's meet is its race's meet: checked in the race's transaction, before it commits, instead of
    /// by a foreign key between results and races (the site reads through a layer that would find two
    /// relationships between the tables and call its joins ambiguous).
    /// </summary>
    public static async Task CheckMeetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RaceKeys keys, string athleticNetRaceId, CancellationToken ct)
    {
        var misfiled = await Sql.ScalarAsync<long>(
            conn,
            tx,
            """
            SELECT (SELECT count(*) FROM results WHERE race_id = @race AND meet_id <> @meet)
                 + (SELECT count(*) FROM non_finishers WHERE race_id = @race AND meet_id <> @meet)
            """,
            ct,
            ("race", keys.RaceId),
            ("meet", keys.MeetId));
        if (misfiled > 0)
        {
            throw new ImportIntegrityException(
                $"race {athleticNetRaceId} holds {misfiled} results or non-finishers filed under another meet than the race's own; " +
                "nothing of the race is imported until they are removed (remove-results of the meet they name)");
        }
    }

    private const string RepeatedIds =
        """
        UPDATE xc_stage s SET reject_reason = 'repeats line ' || d.first_line || ' (same source result id ' || s.source_result_id || ')'
        FROM (SELECT ord, first_value(src_line) OVER w AS first_line, row_number() OVER w AS rn
              FROM xc_stage WHERE reject_reason IS NULL AND source_result_id IS NOT NULL
              WINDOW w AS (PARTITION BY source_result_id ORDER BY ord)) d
        WHERE s.ord = d.ord AND d.rn > 1
        """;

    private const string OwnedElsewhere =
        """
        UPDATE xc_stage s SET reject_reason = 'source result id ' || s.source_result_id || ' already belongs to meet '
            || coalesce(o.meet_an, 'without an Athletic.net id') || ' (' || o.meet_name || '), race ' || coalesce(o.race_an, 'without an id')
            || '; a row is never moved to or written over another race'
        FROM (
            SELECT DISTINCT ON (x.source_result_id) x.source_result_id, m.athletic_net_id AS meet_an, m.name AS meet_name, r.athletic_net_race_id AS race_an
            FROM (
                SELECT source_result_id, meet_id, race_id FROM results
                WHERE source_result_id IN (SELECT source_result_id FROM xc_stage WHERE source_result_id IS NOT NULL) AND race_id <> @race
                UNION ALL
                SELECT source_result_id, meet_id, race_id FROM non_finishers
                WHERE source_result_id IN (SELECT source_result_id FROM xc_stage WHERE source_result_id IS NOT NULL) AND race_id <> @race
            ) x
            JOIN meets m ON m.id = x.meet_id JOIN races r ON r.id = x.race_id
            ORDER BY x.source_result_id, m.athletic_net_id, r.athletic_net_race_id
        ) o
        WHERE s.reject_reason IS NULL AND s.source_result_id = o.source_result_id
        """;
}
