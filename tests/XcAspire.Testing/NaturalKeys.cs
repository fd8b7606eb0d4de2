using Npgsql;

namespace XcAspire.Testing;

/// <summary>
/// A database's import outcome on natural keys (product.md §7), independent of generated ids and of
/// the order the meets were imported in: two runs of the same meets must give equal multisets.
/// </summary>
public sealed record NaturalKeys(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables)
{
    // An athlete seen as "Santiago Lee" in one meet and "Santiago Lee Jr." in another is one athlete
    // (matching folds the suffix), stored under the spelling of whichever meet came first: the key
    // drops the suffix so that import order, which concurrency decides, does not count as a difference.
    private const string AthleteName = @"regexp_replace(a.name, '\s+(jr|sr|ii|iii|iv)\.?$', '', 'i')";

    private static readonly (string Table, string Sql)[] Queries =
    [
        ("meets", "SELECT athletic_net_id || '|' || name FROM meets"),
        ("races", """
            SELECT m.athletic_net_id || '|' || r.athletic_net_race_id || '|' || r.gender || '|' || r.distance_meters
            FROM races r JOIN meets m ON m.id = r.meet_id
            """),
        ("schools", "SELECT name FROM schools"),
        ("athletes", $"SELECT {AthleteName} || '|' || s.name || '|' || a.gender FROM athletes a JOIN schools s ON s.id = a.school_id"),
        ("results", $"""
            SELECT m.athletic_net_id || '|' || r.athletic_net_race_id || '|' || {AthleteName} || '|' || s.name || '|' || x.time_cs
            FROM results x JOIN meets m ON m.id = x.meet_id JOIN races r ON r.id = x.race_id
            JOIN athletes a ON a.id = x.athlete_id JOIN schools s ON s.id = a.school_id
            """),
        ("non_finishers", $"""
            SELECT m.athletic_net_id || '|' || r.athletic_net_race_id || '|' || {AthleteName} || '|' || s.name || '|' || x.status
            FROM non_finishers x JOIN meets m ON m.id = x.meet_id JOIN races r ON r.id = x.race_id
            JOIN athletes a ON a.id = x.athlete_id JOIN schools s ON s.id = a.school_id
            """),
    ];

    public static async Task<NaturalKeys> CaptureAsync(NpgsqlDataSource dataSource)
    {
        var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (table, sql) in Queries)
        {
            var rows = await SiteQueries.RunAsync(dataSource, sql);
            tables[table] = rows.Order(StringComparer.Ordinal).ToList();
        }

        return new NaturalKeys(tables);
    }

    public int Count(string table) => Tables[table].Count;

    /// <summary>One meet's keys: its meet row, races, results and non-finishers (athletes and schools belong to no meet).</summary>
    public NaturalKeys Of(string meetId) => new(
        Tables.Where(t => t.Key is "meets" or "races" or "results" or "non_finishers")
            .ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value.Where(k => k.StartsWith(meetId + "|", StringComparison.Ordinal)).ToList(), StringComparer.Ordinal));

    /// <summary>Keys present more than once in one table.</summary>
    public IReadOnlyList<string> Duplicates() =>
        Tables.SelectMany(t => t.Value.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{t.Key}: {g.Key} ×{g.Count()}")).ToList();

    /// <summary>Every key missing here or extra here compared with <paramref name="expected"/>, per table (multisets).</summary>
    public IReadOnlyList<string> DifferencesFrom(NaturalKeys expected)
    {
        var differences = new List<string>();
        foreach (var (table, wanted) in expected.Tables)
        {
            var actual = Tables[table];
            differences.AddRange(MultisetMinus(wanted, actual).Select(k => $"{table}: missing {k}"));
            differences.AddRange(MultisetMinus(actual, wanted).Select(k => $"{table}: extra {k}"));
        }

        return differences;
    }

    private static IEnumerable<string> MultisetMinus(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var counts = right.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var key in left)
        {
            if (counts.TryGetValue(key, out var n) && n > 0)
            {
                counts[key] = n - 1;
            }
            else
            {
                yield return key;
            }
        }
    }
}
