using Npgsql;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Merges the staged rows into results and non_finishers, set-based, keyed by (race, athlete, time):
/// ties between different athletes are normal; a row already stored is already_present; the
/// correction rule of product.md §7 decides between a corrected time (update, old value kept) and a
/// second time (both kept and flagged in potential_duplicates). Every row ends with one outcome.
/// </summary>
internal static class ResultMerge
{
    private const string Finishing = "s.reject_reason IS NULL AND s.status = 'Finished'";
    private const string NonFinishing = "s.reject_reason IS NULL AND s.status <> 'Finished'";

    public static async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RaceKeys keys, CancellationToken ct)
    {
        // A race stored for the first time (every first import) has nothing to compare with: the
        // lookups, the correction rule and the duplicate-time pairs are skipped, not run on nothing.
        bool stored, repeated;
        await using (var probe = Sql.Command(
            conn,
            tx,
            $"""
            SELECT EXISTS (SELECT 1 FROM results WHERE race_id = @race) OR EXISTS (SELECT 1 FROM non_finishers WHERE race_id = @race),
                   EXISTS (SELECT 1 FROM xc_stage s WHERE s.reject_reason IS NULL GROUP BY athlete_id HAVING count(*) > 1)
            """,
            ("race", keys.RaceId)))
        {
            await using var reader = await probe.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (stored, repeated) = (reader.GetBoolean(0), reader.GetBoolean(1));
        }

        // Repeated rows need an athlete listed twice in the race's input.
        List<string> statements = repeated ? [.. Duplicates] : [];
        if (stored)
        {
            statements.AddRange(Lookups);
        }

        statements.Add(InsertResults);
        if (stored || repeated)
        {
            statements.Add(DuplicateTimes);
        }

        if (stored)
        {
            statements.AddRange(NonFinisherLookups);
        }

        statements.Add(InsertNonFinishers);
        statements.Add("UPDATE xc_stage SET outcome = 'rejected' WHERE reject_reason IS NOT NULL");
        statements.Add("UPDATE xc_stage SET flag_reason = concat_ws('; ', row_flag, flag_reason) WHERE row_flag IS NOT NULL AND outcome <> 'rejected'");
        await Sql.BatchAsync(conn, tx, statements, ct, ("race", keys.RaceId), ("meet", keys.MeetId), ("course", keys.CourseId));
    }

    private static readonly string[] Duplicates =
    [
        // The same athlete and time twice in the input is one result: the repeat is rejected.
        $"""
        UPDATE xc_stage s SET reject_reason = 'repeats line ' || d.first_line || ' (same athlete, same time)'
        FROM (SELECT ord, first_value(src_line) OVER w AS first_line, row_number() OVER w AS rn
              FROM xc_stage s WHERE {Finishing} WINDOW w AS (PARTITION BY athlete_id, time_cs ORDER BY ord)) d
        WHERE s.ord = d.ord AND d.rn > 1
        """,
        $"""
        UPDATE xc_stage s SET reject_reason = 'repeats line ' || d.first_line || ' (same athlete, another non-finish)'
        FROM (SELECT ord, first_value(src_line) OVER w AS first_line, row_number() OVER w AS rn
              FROM xc_stage s WHERE {NonFinishing} WINDOW w AS (PARTITION BY athlete_id ORDER BY ord)) d
        WHERE s.ord = d.ord AND d.rn > 1
        """,
    ];

    private static readonly string[] Lookups =
    [
        // The source's own result id (Athletic.net IDResult) decides first when there is one, within
        // this race only (RowIdentity rejected the ids stored under another race).
        $"""
        UPDATE xc_stage s SET result_id = r.id, old_time_cs = r.time_cs,
            outcome = CASE WHEN r.time_cs = s.time_cs AND r.athlete_id = s.athlete_id
                            AND (s.place IS NULL OR s.place IS NOT DISTINCT FROM r.place_overall) THEN 'already_present' ELSE 'updated' END,
            reason = CASE WHEN r.time_cs <> s.time_cs THEN 'corrected time (same source result id)'
                          WHEN r.athlete_id <> s.athlete_id THEN 'result moved to another athlete (same source result id)'
                          ELSE 'place ' || coalesce(r.place_overall::text, 'none') || ' -> ' || s.place END
        FROM results r
        WHERE {Finishing} AND s.source_result_id IS NOT NULL AND r.source_result_id = s.source_result_id AND r.race_id = @race
        """,
        $"""
        UPDATE xc_stage s SET result_id = r.id, old_time_cs = r.time_cs,
            outcome = CASE WHEN s.place IS NULL OR s.place IS NOT DISTINCT FROM r.place_overall THEN 'already_present' ELSE 'updated' END,
            reason = CASE WHEN s.place IS NULL OR s.place IS NOT DISTINCT FROM r.place_overall THEN NULL
                          ELSE 'place ' || coalesce(r.place_overall::text, 'none') || ' -> ' || s.place END
        FROM results r
        WHERE {Finishing} AND s.outcome IS NULL AND r.race_id = @race AND r.athlete_id = s.athlete_id AND r.time_cs = s.time_cs
        """,
        // Correction rule (no source result id): one stored row and one input row of an athlete
        // with another time is a corrected time.
        $"""
        WITH input AS (
            SELECT athlete_id, count(*) AS n, bool_and(outcome IS NULL) AS unmatched
            FROM xc_stage s WHERE {Finishing} GROUP BY athlete_id
        ), stored AS (
            SELECT athlete_id, (array_agg(id))[1] AS id, min(time_cs) AS time_cs, count(*) AS n
            FROM results WHERE race_id = @race AND athlete_id IN (SELECT athlete_id FROM input WHERE n = 1 AND unmatched)
            GROUP BY athlete_id
        )
        UPDATE xc_stage s SET result_id = st.id, old_time_cs = st.time_cs, outcome = 'updated', reason = 'corrected time'
        FROM input i JOIN stored st USING (athlete_id)
        WHERE {Finishing} AND s.outcome IS NULL AND s.athlete_id = i.athlete_id AND i.n = 1 AND st.n = 1 AND s.source_result_id IS NULL
        """,
        """
        UPDATE results r SET time_cs = s.time_cs, athlete_id = s.athlete_id, place_overall = coalesce(s.place, r.place_overall),
            grade = coalesce(s.grade, r.grade), source_result_id = coalesce(s.source_result_id, r.source_result_id),
            normalized_time_cs = NULL, updated_at = now()
        FROM xc_stage s
        WHERE s.outcome = 'updated' AND s.status = 'Finished' AND r.id = s.result_id
        """,
    ];

    private static readonly string InsertResults =
        $"""
        WITH inserted AS (
            INSERT INTO results (athlete_id, meet_id, race_id, time_cs, place_overall, grade, data_source, source_result_id,
                normalized_time_cs, is_sb, is_pr)
            SELECT s.athlete_id, @meet, @race, s.time_cs, s.place, s.grade, 'athletic_net', s.source_result_id,
                   CASE WHEN c.difficulty_rating > 0 THEN round(s.time_cs * 1609.344 / c.distance_meters / c.difficulty_rating)::int END,
                   first_result, first_result
            FROM (SELECT s.*, NOT EXISTS (SELECT 1 FROM results o WHERE o.athlete_id = s.athlete_id) AS first_result FROM xc_stage s) s
            LEFT JOIN courses c ON c.id = @course
            WHERE {Finishing} AND s.outcome IS NULL
            ON CONFLICT DO NOTHING
            RETURNING id, athlete_id, time_cs
        )
        UPDATE xc_stage s SET result_id = i.id, outcome = 'inserted'
        FROM inserted i
        WHERE {Finishing} AND s.outcome IS NULL AND s.athlete_id = i.athlete_id AND s.time_cs = i.time_cs
        """;

    // One athlete with two different times in the race: both kept, the pair goes to review and the
    // rows are flagged.
    private const string DuplicateTimes =
        """
        WITH pairs AS (
            INSERT INTO potential_duplicates (result_id_1, result_id_2, athlete_id, meet_id, race_id, time_1_cs, time_2_cs, time_difference_cs)
            SELECT a.id, b.id, a.athlete_id, @meet, @race, a.time_cs, b.time_cs, b.time_cs - a.time_cs
            FROM results a JOIN results b ON b.race_id = a.race_id AND b.athlete_id = a.athlete_id AND b.time_cs > a.time_cs
            WHERE a.race_id = @race
              AND a.athlete_id IN (SELECT athlete_id FROM xc_stage WHERE outcome IN ('inserted', 'updated') AND status = 'Finished')
            ON CONFLICT DO NOTHING
            RETURNING athlete_id
        )
        UPDATE xc_stage s SET flag_reason = concat_ws('; ', s.flag_reason, 'the athlete has two or more different times in this race (potential duplicate)')
        WHERE s.athlete_id IN (SELECT athlete_id FROM pairs) AND s.outcome IN ('inserted', 'updated') AND s.status = 'Finished'
        """;

    private static readonly string[] NonFinisherLookups =
    [
        // Non-finishers (DNF, DNS, DQ, SCR, NT): their own table, one row per athlete and race.
        $"""
        UPDATE xc_stage s SET result_id = n.id, old_status = n.status,
            outcome = CASE WHEN n.status = upper(s.status) THEN 'already_present' ELSE 'updated' END,
            reason = CASE WHEN n.status = upper(s.status) THEN NULL ELSE 'status ' || n.status || ' -> ' || upper(s.status) END
        FROM non_finishers n
        WHERE {NonFinishing} AND n.race_id = @race AND n.athlete_id = s.athlete_id
        """,
        """
        UPDATE non_finishers n SET status = upper(s.status), grade = coalesce(s.grade, n.grade), updated_at = now()
        FROM xc_stage s WHERE s.outcome = 'updated' AND s.status <> 'Finished' AND n.id = s.result_id
        """,
    ];

    private static readonly string InsertNonFinishers =
        $"""
        WITH inserted AS (
            INSERT INTO non_finishers (athlete_id, meet_id, race_id, status, grade, source_result_id)
            SELECT athlete_id, @meet, @race, upper(status), grade, source_result_id
            FROM xc_stage s WHERE {NonFinishing} AND s.outcome IS NULL
            ON CONFLICT DO NOTHING
            RETURNING id, athlete_id
        )
        UPDATE xc_stage s SET result_id = i.id, outcome = 'inserted'
        FROM inserted i WHERE {NonFinishing} AND s.outcome IS NULL AND s.athlete_id = i.athlete_id
        """;
}
