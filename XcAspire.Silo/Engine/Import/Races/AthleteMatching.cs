using Npgsql;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Matches the race's athletes in the tiers of product.md §3.2, each tier one statement over the
/// whole race: Athletic.net id → exact name at the school → folded name (case, accents, punctuation)
/// → first + last name with the same school and gender → a new athlete. A grad year known on both
/// sides must agree for every name match, and a match fills in an athlete's unknown grad year, so
/// which athletes exist does not depend on the order races arrive in. Matches that are less than
/// certain are used and put in the review queue (potential_duplicate_athletes), never dropped. Every
/// tier compares names that share a folded first + last name at the school, so matching runs under
/// the race's claims on (school, base name) (athlete_name_claims): a race creating one of those
/// athletes commits before another race matches that name.
/// </summary>
internal static class AthleteMatching
{
    // Per athlete, an index lookup at its school (LATERAL): a join would hash the whole athletes
    // table once per tier and race, which grows with every meet imported.
    private static string NameTier(string tier, string join, string extra) =>
        $"""
        UPDATE xc_athlete x SET athlete_id = m.id, tier = '{tier}', matched_name = m.name, matched_grad_year = m.grad_year, candidates = m.n
        FROM xc_athlete x2
        CROSS JOIN LATERAL (
            SELECT a.id, a.name, a.grad_year, count(*) OVER () AS n
            FROM athletes a
            WHERE a.school_id = x2.school_id AND {join} {extra}
            ORDER BY (a.grad_year = x2.grad_year) DESC NULLS LAST, (a.gender = x2.gender) DESC, a.created_at, a.id
            LIMIT 1) m
        WHERE x2.athlete_id IS NULL AND x.first_ord = x2.first_ord
        """;

    // Advisory lock class of the slug names a race is numbering (DerivedRebuild's is 58303).
    private const int SlugLock = 58304;

    private const string GradYearsAgree = "AND (a.grad_year IS NULL OR x2.grad_year IS NULL OR a.grad_year = x2.grad_year)";

    public static async Task MatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string gender, Guid meetId, CancellationToken ct)
    {
        await Sql.BatchAsync(
            conn,
            tx,
            [
                """
                INSERT INTO xc_athlete (first_ord, school_id, athlete_name, first_name, last_name, an_athlete_id, norm_name, base_name, slug_base,
                    grad_year, gender, needs_review)
                SELECT min(ord), school_id, athlete_name, min(first_name), min(last_name), min(an_athlete_id), min(norm_name), min(base_name),
                    min(slug_base), (array_agg(grad_year ORDER BY ord) FILTER (WHERE grad_year IS NOT NULL))[1], @gender, bool_or(needs_review)
                FROM xc_stage WHERE reject_reason IS NULL
                GROUP BY school_id, athlete_name
                """,
                "ANALYZE xc_athlete",
                // Claim the race's names: insert the claims no race has made yet, then lock them all,
                // in one order so two races claiming overlapping names cannot deadlock. A claim another
                // race holds makes this wait until that race commits or rolls back.
                """
                INSERT INTO athlete_name_claims (school_id, base_name)
                SELECT DISTINCT school_id, base_name FROM xc_athlete ORDER BY 1, 2
                ON CONFLICT DO NOTHING
                """,
                """
                SELECT count(*) FROM (
                    SELECT 1 FROM athlete_name_claims c
                    WHERE (c.school_id, c.base_name) IN (SELECT school_id, base_name FROM xc_athlete)
                    ORDER BY c.school_id, c.base_name
                    FOR UPDATE OF c) claimed
                """,
                """
                UPDATE xc_athlete x SET athlete_id = a.id, tier = 'athletic_net_id', matched_name = a.name, matched_grad_year = a.grad_year, candidates = 1
                FROM athletes a WHERE x.an_athlete_id IS NOT NULL AND a.athletic_net_id = x.an_athlete_id
                """,
                NameTier("exact_name", "a.name = x2.athlete_name", GradYearsAgree),
                NameTier("folded_name", "a.normalized_name = x2.norm_name", GradYearsAgree),
                NameTier("base_name", "a.base_name = x2.base_name", "AND a.gender = x2.gender " + GradYearsAgree),
                // A matched athlete whose grad year was unknown takes the one this race gives it. Left
                // unknown, it would take any grad year, so "Sam Lee, grade unknown" seen first would
                // absorb two different Sam Lees whom the other arrival order keeps apart: with the year
                // filled, the athletes are one per known grad year whatever order the races arrive in.
                """
                UPDATE athletes a SET grad_year = x.grad_year
                FROM (SELECT athlete_id, min(grad_year) AS grad_year FROM xc_athlete
                      WHERE athlete_id IS NOT NULL AND grad_year IS NOT NULL
                      GROUP BY athlete_id HAVING count(DISTINCT grad_year) = 1) x
                WHERE a.id = x.athlete_id AND a.grad_year IS NULL
                """,
                // A new athlete whose name is already at the school with another grad year: maybe the
                // same runner with a wrong grade, maybe not. Created, and the pair goes to review.
                """
                UPDATE xc_athlete x SET near_id = (
                    SELECT a.id FROM athletes a WHERE a.school_id = x.school_id AND a.normalized_name = x.norm_name ORDER BY a.created_at, a.id LIMIT 1)
                WHERE x.athlete_id IS NULL
                """,
            ],
            ct,
            ("gender", gender));

        await CreateNewAsync(conn, tx, ct);

        await Sql.BatchAsync(
            conn,
            tx,
            [
                """
                UPDATE xc_athlete SET flag_type = CASE
                    WHEN tier = 'exact_name' AND candidates > 1 THEN 'ambiguous_match'
                    WHEN tier = 'folded_name' THEN 'capitalization_difference'
                    WHEN tier = 'base_name' THEN 'middle_name_difference'
                    WHEN tier = 'new' AND near_id IS NOT NULL THEN 'grad_year_difference'
                    WHEN needs_review THEN 'damaged_name'
                    WHEN tier = 'new' AND grad_year IS NULL THEN 'unknown_grad_year'
                    END
                """,
                """
                INSERT INTO potential_duplicate_athletes (athlete_id_1, athlete_id_2, school_id, meet_id, name_1, name_2, conflict_type,
                    grad_year_1, grad_year_2, gender_1, gender_2, csv_data)
                SELECT CASE WHEN x.flag_type = 'grad_year_difference' THEN x.near_id ELSE x.athlete_id END,
                       CASE WHEN x.flag_type = 'grad_year_difference' THEN x.athlete_id END,
                       x.school_id, @meet, a.name, x.athlete_name, x.flag_type, a.grad_year, x.grad_year, a.gender, x.gender,
                       jsonb_build_object('file', s.src_file, 'line', s.src_line, 'name', x.athlete_name, 'grade', s.grade, 'school', s.school_name)
                FROM xc_athlete x
                JOIN athletes a ON a.id = CASE WHEN x.flag_type = 'grad_year_difference' THEN x.near_id ELSE x.athlete_id END
                JOIN xc_stage s ON s.ord = x.first_ord
                WHERE x.flag_type IS NOT NULL
                ON CONFLICT DO NOTHING
                """,
                """
                UPDATE xc_stage s SET athlete_id = x.athlete_id,
                    flag_reason = CASE x.flag_type
                        WHEN 'capitalization_difference' THEN 'matched athlete "' || x.matched_name || '" (case/accent/punctuation variant)'
                        WHEN 'middle_name_difference' THEN 'matched athlete "' || x.matched_name || '" (middle name or suffix differs)'
                        WHEN 'ambiguous_match' THEN 'matched one of ' || x.candidates || ' athletes named "' || x.athlete_name || '" at the school'
                        WHEN 'grad_year_difference' THEN 'new athlete; one with this name and another grad year is already at the school'
                        WHEN 'damaged_name' THEN 'name has damaged characters (U+FFFD or mojibake); imported as given'
                        WHEN 'unknown_grad_year' THEN 'grade unknown: athlete created without a grad year'
                    END
                FROM xc_athlete x
                WHERE s.reject_reason IS NULL AND s.school_id = x.school_id AND s.athlete_name = x.athlete_name
                """,
            ],
            ct,
            ("meet", meetId));
    }

    /// <summary>
    /// Inserts the athletes no tier matched. Slugs come from the full name; a taken slug gets the
    /// name's next free number (-2, -3, …), same-named new athletes of one race taking consecutive
    /// numbers in input order. The race first locks the slugs' names (after its name claims, in one
    /// order), so it numbers them from what the races before it committed; ON CONFLICT on the slug
    /// still makes it try the next number should another writer have taken one.
    /// </summary>
    private static async Task CreateNewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        const string insert =
            """
            WITH pending AS (
                SELECT first_ord, slug_base, slug_used, row_number() OVER (PARTITION BY slug_base ORDER BY athlete_name, first_ord) AS rn
                FROM xc_athlete WHERE athlete_id IS NULL
            ), candidate AS (
                SELECT first_ord, CASE WHEN slug_used + rn + @k = 1 THEN slug_base ELSE slug_base || '-' || (slug_used + rn + @k) END AS slug FROM pending
            ), inserted AS (
                INSERT INTO athletes (school_id, name, first_name, last_name, normalized_name, base_name, grad_year, gender, slug, athletic_net_id)
                SELECT x.school_id, x.athlete_name, x.first_name, x.last_name, x.norm_name, x.base_name, x.grad_year, x.gender, c.slug, x.an_athlete_id
                FROM candidate c JOIN xc_athlete x USING (first_ord)
                ORDER BY c.slug
                ON CONFLICT (slug) DO NOTHING
                RETURNING id, slug
            )
            UPDATE xc_athlete x SET athlete_id = i.id, tier = 'new'
            FROM candidate c JOIN inserted i ON i.slug = c.slug
            WHERE x.first_ord = c.first_ord
            """;
        // Without this lock two races numbering the same name each wait on the other's uncommitted slug
        // once a retry round (the next number) inserts out of the first round's order: a deadlock, which
        // PostgreSQL breaks only after deadlock_timeout, failing one race's attempt. Taken in one order
        // (the lock keys'), so two races never hold each other's.
        await Sql.ExecAsync(
            conn,
            tx,
            $"SELECT count(pg_advisory_xact_lock({SlugLock}, k)) FROM (SELECT DISTINCT hashtext(slug_base) AS k FROM xc_athlete WHERE athlete_id IS NULL ORDER BY 1) names",
            ct);
        // The highest number each new name's slug already carries (1 = the bare slug, 0 = free). In
        // byte order only the bare slug and "<slug>-…" lie between the slug and "<slug>-999999999"
        // ('-' sorts before every other slug character), so what follows "<slug>-" is tested against
        // one constant pattern, compiled once, not a pattern built (and compiled) per name.
        await Sql.ExecAsync(
            conn,
            tx,
            """
            UPDATE xc_athlete x SET slug_used = coalesce((
                SELECT max(CASE WHEN a.slug = x.slug_base THEN 1 ELSE substr(a.slug, length(x.slug_base) + 2)::int END)
                FROM athletes a
                WHERE a.slug COLLATE "C" >= x.slug_base COLLATE "C" AND a.slug COLLATE "C" <= (x.slug_base || '-999999999') COLLATE "C"
                  AND (a.slug = x.slug_base OR substr(a.slug, length(x.slug_base) + 2) ~ '^[0-9]{1,9}$')), 0)
            WHERE x.athlete_id IS NULL
            """,
            ct);
        for (var k = 0; ; k++)
        {
            await Sql.ExecAsync(conn, tx, insert, ct, ("k", k));
            var pending = await Sql.ScalarAsync<long>(conn, tx, "SELECT count(*) FROM xc_athlete WHERE athlete_id IS NULL", ct);
            if (pending == 0)
            {
                return;
            }

            if (k > 1_000)
            {
                throw new InvalidOperationException($"{pending} athletes found no free slug");
            }
        }
    }
}
