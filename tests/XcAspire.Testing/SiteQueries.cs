using Npgsql;

namespace XcAspire.Testing;

/// <summary>
/// The reads the site's pages make (domain.md §1.4, §2): course records, school hall of fame,
/// school records by grade, athlete best times, meet result counts, a meet's results, season bests
/// and the race lookup by Athletic.net id over both race id columns. Each answers every row, in a
/// stable order, as text, so two runs compare row for row.
/// </summary>
public static class SiteQueries
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["course records"] = """
            SELECT c.name, cr.gender, cr.rank, cr.athlete_name, cr.school_name, cr.time_cs, cr.meet_name, cr.meet_date
            FROM course_records cr JOIN courses c ON c.id = cr.course_id
            ORDER BY c.name, cr.gender, cr.rank
            """,
        ["school hall of fame"] = """
            SELECT s.name, h.gender, h.rank, h.athlete_name, h.time_cs, h.normalized_time_cs, h.course_name, h.season_year
            FROM school_hall_of_fame h JOIN schools s ON s.id = h.school_id
            ORDER BY s.name, h.gender, h.rank
            """,
        ["school course records by grade"] = """
            SELECT s.name, c.name, scr.gender, scr.grade, scr.athlete_name, scr.time_cs, scr.meet_name
            FROM school_course_records scr JOIN schools s ON s.id = scr.school_id JOIN courses c ON c.id = scr.course_id
            ORDER BY s.name, c.name, scr.gender, scr.grade
            """,
        ["athlete best times"] = """
            SELECT a.name, s.name, b.season_year, b.season_best_time_cs, b.season_best_normalized_cs,
                   b.alltime_best_time_cs, b.alltime_best_normalized_cs
            FROM athlete_best_times b JOIN athletes a ON a.id = b.athlete_id JOIN schools s ON s.id = a.school_id
            ORDER BY s.name, a.name, b.season_year
            """,
        ["meet result counts"] = """
            SELECT m.name, m.meet_date, m.season_year, m.result_count
            FROM meets m ORDER BY m.meet_date, m.name
            """,
        ["meet results"] = """
            SELECT m.name, m.meet_date, ra.name, r.place_overall, a.name, s.name, r.time_cs, r.normalized_time_cs
            FROM results r JOIN races ra ON ra.id = r.race_id JOIN meets m ON m.id = r.meet_id
            JOIN athletes a ON a.id = r.athlete_id JOIN schools s ON s.id = a.school_id
            ORDER BY m.meet_date, m.name, ra.name, r.time_cs, a.name, s.name
            """,
        ["season best times"] = """
            SELECT s.name, b.athlete_name, c.name, b.best_time_cs
            FROM schools s CROSS JOIN LATERAL get_season_best_times(s.id, 2025) b LEFT JOIN courses c ON c.id = b.course_id
            ORDER BY s.name, b.athlete_name, c.name
            """,
        // The site's later scripts look a race up in either id column.
        ["race by Athletic.net id"] = """
            SELECT ids.id, ra.name, m.name, (SELECT count(*) FROM results r WHERE r.race_id = ra.id)
            FROM unnest(ARRAY['1001', '1002', '2001', '2003', '2004', '901', '902']) AS ids(id)
            JOIN races ra ON ra.athletic_net_id = ids.id OR ra.athletic_net_race_id = ids.id
            JOIN meets m ON m.id = ra.meet_id
            ORDER BY ids.id
            """,
    };

    /// <summary>Every query's rows, keyed by page name.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RunAllAsync(NpgsqlDataSource dataSource)
    {
        var answers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, sql) in All)
        {
            answers[name] = await RunAsync(dataSource, sql);
        }

        return answers;
    }

    public static async Task<IReadOnlyList<string>> RunAsync(NpgsqlDataSource dataSource, string sql)
    {
        var rows = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join(" | ", values.Select(v => v is DBNull ? "NULL" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
