using Npgsql;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Resolves the race's schools set-based (product.md §3.2): the real Athletic.net team id when the
/// source gives one, else the scraper's synthetic key, else the normalised name; real ids are never
/// merged into a school known only by key or name. Needs no lock: each of the three keys is unique,
/// so a race creating a school another race is creating waits in the INSERT for that race to commit,
/// and the second resolve (a new snapshot) finds its row.
/// </summary>
internal static class SchoolMatching
{
    private const string Resolve =
        """
        UPDATE xc_school x SET school_id = coalesce(
            (SELECT s.id FROM schools s WHERE x.team_id IS NOT NULL AND s.athletic_net_id = x.team_id),
            (SELECT s.id FROM schools s WHERE x.team_id IS NULL AND x.school_key IS NOT NULL AND s.source_key = x.school_key),
            (SELECT s.id FROM schools s WHERE x.team_id IS NULL AND s.normalized_name = x.school_norm
             ORDER BY s.athletic_net_id NULLS FIRST, s.created_at, s.id LIMIT 1))
        WHERE x.school_id IS NULL
        """;

    public static async Task ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await Sql.BatchAsync(
            conn,
            tx,
            [
                """
                INSERT INTO xc_school (team_id, school_key, school_norm, school_name)
                SELECT DISTINCT ON (coalesce(team_id, ''), coalesce(school_key, ''), school_norm) team_id, school_key, school_norm, school_name
                FROM xc_stage WHERE reject_reason IS NULL
                ORDER BY coalesce(team_id, ''), coalesce(school_key, ''), school_norm, ord
                """,
                Resolve,
                """
                INSERT INTO schools (name, normalized_name, athletic_net_id, source_key)
                SELECT DISTINCT ON (coalesce(team_id, school_key, school_norm)) school_name, school_norm, team_id, school_key
                FROM xc_school WHERE school_id IS NULL
                ORDER BY coalesce(team_id, school_key, school_norm), school_name
                ON CONFLICT DO NOTHING
                """,
                Resolve,
                """
                UPDATE xc_stage s SET school_id = x.school_id
                FROM xc_school x
                WHERE s.reject_reason IS NULL AND coalesce(s.team_id, '') = coalesce(x.team_id, '')
                  AND coalesce(s.school_key, '') = coalesce(x.school_key, '') AND s.school_norm = x.school_norm
                """,
            ],
            ct);
        var unresolved = await Sql.ScalarAsync<long>(conn, tx, "SELECT count(*) FROM xc_school WHERE school_id IS NULL", ct);
        if (unresolved > 0)
        {
            throw new InvalidOperationException($"{unresolved} schools could neither be found nor created");
        }
    }
}
