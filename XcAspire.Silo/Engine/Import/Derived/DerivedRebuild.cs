using Npgsql;

namespace XcAspire.Silo.Import.Derived;

/// <summary>
/// Rebuilds the derived tables set-based for what an import touched (the meet's races, their
/// athletes, courses and schools), inside the import's transaction — no triggers. Formula A for
/// normalised times (course distance, domain.md §2.1); bests by normalised time; every ranking is
/// computed after reducing to one row per athlete (the old SQL ranked rows, leaving gaps);
/// grade = 13 − (grad year − season).
/// </summary>
public static class DerivedRebuild
{
    // Two meets finishing at once would rebuild the same course's or school's rows: one at a time.
    private const int DerivedLock = 58303;

    // The rankings sort a row per result: narrow rows (ids, times, dates) sort in memory and fast, so
    // names are joined only to the rows that make a table (at most 100 per group).
    private const string Perf =
        """
        SELECT r.id, r.athlete_id, r.time_cs, r.normalized_time_cs, r.race_id, r.meet_id, ra.gender AS race_gender, ra.course_id,
               m.meet_date, m.season_year, a.grad_year, a.gender AS athlete_gender, a.school_id
        FROM results r
        JOIN races ra ON ra.id = r.race_id
        JOIN meets m ON m.id = r.meet_id
        JOIN athletes a ON a.id = r.athlete_id
        """;

    // The names a derived row copies, for the rows that made it.
    private const string Names =
        """
        JOIN athletes an ON an.id = k.athlete_id
        JOIN schools sn ON sn.id = k.school_id
        JOIN meets mn ON mn.id = k.meet_id
        LEFT JOIN courses cn ON cn.id = k.course_id
        """;

    // A time an operator marked replaced (review queue: the other of two times kept) feeds no best or record.
    private const string Counted = "r.validation_status IS DISTINCT FROM 'replaced'";

    // A school's records on a course change only where an input of theirs changed, so they are rebuilt
    // per (school, course) pair, not for all of a touched school's courses (that recomputed every
    // result of the school, about 1.3 s a meet once 60 schools had 75,000 results). The pairs: every
    // touched school on every touched course (as before, for results removed from those courses);
    // the courses of every result of a touched athlete (a grad year filled in changes their grades
    // everywhere) and of every result of a touched meet (its date and season feed the grade); and the
    // pairs the touched athletes hold records in now (a race moved to another course leaves them).
    private const string SchoolCoursesInScope =
        """
        SELECT s.id, c.id FROM xc_touched_schools s CROSS JOIN xc_touched_courses c
        UNION
        SELECT a.school_id, ra.course_id FROM results r JOIN athletes a ON a.id = r.athlete_id JOIN races ra ON ra.id = r.race_id
        WHERE ra.course_id IS NOT NULL AND r.athlete_id IN (SELECT id FROM xc_touched_athletes)
        UNION
        SELECT a.school_id, ra.course_id FROM results r JOIN athletes a ON a.id = r.athlete_id JOIN races ra ON ra.id = r.race_id
        WHERE ra.course_id IS NOT NULL AND r.meet_id IN (SELECT meet_id FROM races WHERE id IN (SELECT id FROM xc_touched_races))
        UNION
        SELECT school_id, course_id FROM school_course_records WHERE athlete_id IN (SELECT id FROM xc_touched_athletes)
        """;

    public static async Task RebuildAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<string> athleticNetRaceIds, CancellationToken ct)
    {
        await Sql.ExecAsync(
            conn,
            tx,
            """
            CREATE TEMP TABLE IF NOT EXISTS xc_touched_races (id uuid PRIMARY KEY) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_touched_athletes (id uuid PRIMARY KEY) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_touched_courses (id uuid PRIMARY KEY) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_touched_schools (id uuid PRIMARY KEY) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_touched_school_courses (school_id uuid, course_id uuid, PRIMARY KEY (school_id, course_id)) ON COMMIT DELETE ROWS;
            """,
            ct);
        await Sql.BatchAsync(
            conn,
            tx,
            [
                $"SELECT pg_advisory_xact_lock({DerivedLock}, 0)",
                // The rankings sort a row per result of the touched athletes; the default 4 MB spills a
                // large meet's sorts to disk. Local to the import's transaction.
                "SET LOCAL work_mem = '32MB'",
                "DELETE FROM xc_touched_races",
                "DELETE FROM xc_touched_athletes",
                "DELETE FROM xc_touched_courses",
                "DELETE FROM xc_touched_schools",
                "DELETE FROM xc_touched_school_courses",
                "INSERT INTO xc_touched_races SELECT id FROM races WHERE athletic_net_race_id = ANY(@races)",
                """
                INSERT INTO xc_touched_athletes SELECT DISTINCT athlete_id FROM results WHERE race_id IN (SELECT id FROM xc_touched_races)
                UNION SELECT DISTINCT athlete_id FROM non_finishers WHERE race_id IN (SELECT id FROM xc_touched_races)
                """,
                "INSERT INTO xc_touched_courses SELECT DISTINCT course_id FROM races WHERE id IN (SELECT id FROM xc_touched_races) AND course_id IS NOT NULL",
                "INSERT INTO xc_touched_schools SELECT DISTINCT school_id FROM athletes WHERE id IN (SELECT id FROM xc_touched_athletes)",
                "ANALYZE xc_touched_races",
                "ANALYZE xc_touched_athletes",
                "ANALYZE xc_touched_courses",
                "ANALYZE xc_touched_schools",
                "INSERT INTO xc_touched_school_courses " + SchoolCoursesInScope,
                "ANALYZE xc_touched_school_courses",
                """
                UPDATE meets m SET result_count = n.count, updated_at = now()
                FROM (SELECT m2.id, (SELECT count(*) FROM results r WHERE r.meet_id = m2.id)::int AS count
                      FROM meets m2 WHERE m2.id IN (SELECT meet_id FROM races WHERE id IN (SELECT id FROM xc_touched_races))) n
                WHERE m.id = n.id AND m.result_count <> n.count
                """,
                // Formula A: the equivalent track-mile time on the course's distance and difficulty; NULL unrated.
                """
                UPDATE results r SET normalized_time_cs = n.value
                FROM (SELECT r2.id, CASE WHEN c.difficulty_rating > 0 AND c.distance_meters > 0
                          THEN round(r2.time_cs * 1609.344 / c.distance_meters / c.difficulty_rating)::int END AS value
                      FROM results r2 JOIN races ra ON ra.id = r2.race_id LEFT JOIN courses c ON c.id = ra.course_id
                      WHERE r2.race_id IN (SELECT id FROM xc_touched_races)) n
                WHERE r.id = n.id AND r.normalized_time_cs IS DISTINCT FROM n.value
                """,
                "DELETE FROM athlete_best_times WHERE athlete_id IN (SELECT id FROM xc_touched_athletes)",
                // Only the columns a best needs: the rows are sorted twice, and narrow rows sort in memory.
                $"""
                WITH perf AS (
                    SELECT r.id, r.athlete_id, r.time_cs, r.normalized_time_cs, ra.course_id, ra.distance_meters, m.season_year, m.meet_date
                    FROM results r JOIN races ra ON ra.id = r.race_id JOIN meets m ON m.id = r.meet_id
                    WHERE {Counted} AND r.athlete_id IN (SELECT id FROM xc_touched_athletes)),
                season AS (SELECT DISTINCT ON (athlete_id, season_year) * FROM perf
                           ORDER BY athlete_id, season_year, normalized_time_cs NULLS LAST, time_cs, meet_date, id),
                alltime AS (SELECT DISTINCT ON (athlete_id) * FROM perf ORDER BY athlete_id, normalized_time_cs NULLS LAST, time_cs, meet_date, id)
                INSERT INTO athlete_best_times (athlete_id, season_year,
                    season_best_time_cs, season_best_normalized_cs, season_best_result_id, season_best_course_id, season_best_race_distance_meters,
                    alltime_best_time_cs, alltime_best_normalized_cs, alltime_best_result_id, alltime_best_course_id, alltime_best_race_distance_meters)
                SELECT s.athlete_id, s.season_year, s.time_cs, s.normalized_time_cs, s.id, s.course_id, s.distance_meters,
                       a.time_cs, a.normalized_time_cs, a.id, a.course_id, a.distance_meters
                FROM season s JOIN alltime a USING (athlete_id)
                """,
                // A result's best-time rows are its own athlete's, so the touched athletes' rows decide
                // every flag here: grouped once, instead of two probes of the whole table per result.
                """
                UPDATE results r SET is_sb = x.is_sb, is_pr = x.is_pr
                FROM (SELECT r2.id, coalesce(f.is_sb, false) AS is_sb, coalesce(f.is_pr, false) AS is_pr
                      FROM results r2
                      LEFT JOIN (SELECT id, bool_or(sb) AS is_sb, bool_or(pr) AS is_pr
                                 FROM (SELECT season_best_result_id AS id, true AS sb, false AS pr FROM athlete_best_times
                                       WHERE athlete_id IN (SELECT id FROM xc_touched_athletes)
                                       UNION ALL
                                       SELECT alltime_best_result_id, false, true FROM athlete_best_times
                                       WHERE athlete_id IN (SELECT id FROM xc_touched_athletes)) b
                                 GROUP BY id) f ON f.id = r2.id
                      WHERE r2.athlete_id IN (SELECT id FROM xc_touched_athletes)) x
                WHERE r.id = x.id AND (r.is_sb, r.is_pr) IS DISTINCT FROM (x.is_sb, x.is_pr)
                """,
                "DELETE FROM course_records WHERE course_id IN (SELECT id FROM xc_touched_courses)",
                $"""
                WITH perf AS ({Perf} WHERE {Counted} AND ra.course_id IN (SELECT id FROM xc_touched_courses)),
                best AS (SELECT DISTINCT ON (course_id, race_gender, athlete_id) * FROM perf
                         ORDER BY course_id, race_gender, athlete_id, time_cs, meet_date, id),
                ranked AS (SELECT *, row_number() OVER (PARTITION BY course_id, race_gender ORDER BY time_cs, meet_date, id) AS rank FROM best)
                INSERT INTO course_records (course_id, gender, athlete_id, result_id, time_cs, athlete_name, athlete_grad_year, school_id, school_name,
                    meet_id, meet_name, meet_date, race_id, rank)
                SELECT k.course_id, k.race_gender, k.athlete_id, k.id, k.time_cs, an.name, k.grad_year, k.school_id, sn.name,
                       k.meet_id, mn.name, k.meet_date, k.race_id, k.rank
                FROM ranked k {Names}
                WHERE k.rank <= 100
                """,
                "DELETE FROM school_hall_of_fame WHERE school_id IN (SELECT id FROM xc_touched_schools)",
                $"""
                WITH perf AS ({Perf} WHERE {Counted} AND a.school_id IN (SELECT id FROM xc_touched_schools) AND r.normalized_time_cs IS NOT NULL),
                best AS (SELECT DISTINCT ON (school_id, athlete_gender, athlete_id) * FROM perf
                         ORDER BY school_id, athlete_gender, athlete_id, normalized_time_cs, time_cs, meet_date, id),
                ranked AS (SELECT *, row_number() OVER (PARTITION BY school_id, athlete_gender ORDER BY normalized_time_cs, time_cs, meet_date, id) AS rank
                           FROM best)
                INSERT INTO school_hall_of_fame (school_id, gender, athlete_id, result_id, time_cs, normalized_time_cs, athlete_name, athlete_grad_year,
                    course_id, course_name, meet_id, meet_name, meet_date, race_id, season_year, rank)
                SELECT k.school_id, k.athlete_gender, k.athlete_id, k.id, k.time_cs, k.normalized_time_cs, an.name, k.grad_year,
                       k.course_id, cn.name, k.meet_id, mn.name, k.meet_date, k.race_id, k.season_year, k.rank
                FROM ranked k {Names}
                WHERE k.rank <= 100
                """,
                "DELETE FROM school_course_records WHERE (school_id, course_id) IN (SELECT school_id, course_id FROM xc_touched_school_courses)",
                $"""
                WITH perf AS ({Perf} WHERE {Counted} AND (a.school_id, ra.course_id) IN (SELECT school_id, course_id FROM xc_touched_school_courses) AND a.grad_year IS NOT NULL),
                graded AS (SELECT *, 13 - (grad_year - season_year) AS grade FROM perf),
                best AS (SELECT DISTINCT ON (school_id, course_id, race_gender, grade) * FROM graded WHERE grade BETWEEN 9 AND 12
                         ORDER BY school_id, course_id, race_gender, grade, time_cs, meet_date, id)
                INSERT INTO school_course_records (school_id, course_id, gender, grade, athlete_id, result_id, time_cs, athlete_name, athlete_grad_year,
                    meet_id, meet_name, meet_date, race_id, season_year)
                SELECT k.school_id, k.course_id, k.race_gender, k.grade, k.athlete_id, k.id, k.time_cs, an.name, k.grad_year,
                       k.meet_id, mn.name, k.meet_date, k.race_id, k.season_year
                FROM best k {Names}
                """,
            ],
            ct,
            ("races", athleticNetRaceIds.ToArray()));
    }
}
