using Npgsql;

namespace XcAspire.Testing;

/// <summary>
/// Every table's rows (count and a hash of their text, in order) and the schema's catalog
/// (columns, constraints, indexes, triggers with their enabled state, functions): equal
/// fingerprints mean nothing was changed between two captures.
/// </summary>
public sealed record DatabaseFingerprint(IReadOnlyDictionary<string, string> Parts)
{
    public static async Task<DatabaseFingerprint> CaptureAsync(NpgsqlDataSource dataSource)
    {
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tables = await SiteQueries.RunAsync(dataSource, """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 1
            """);
        foreach (var table in tables)
        {
            var rows = await SiteQueries.RunAsync(dataSource,
                $"SELECT count(*) || ' rows ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t");
            parts["table " + table] = rows[0];
        }

        foreach (var (name, sql) in CatalogQueries)
        {
            var rows = await SiteQueries.RunAsync(dataSource, sql);
            parts["catalog " + name] = string.Join("\n", rows);
        }

        return new DatabaseFingerprint(parts);
    }

    /// <summary>The parts that differ, for an assertion message a person can read.</summary>
    public IReadOnlyList<string> Differences(DatabaseFingerprint other) =>
        Parts.Keys.Union(other.Parts.Keys).Order(StringComparer.Ordinal)
            .Where(k => Parts.GetValueOrDefault(k) != other.Parts.GetValueOrDefault(k))
            .Select(k => $"{k}: {Parts.GetValueOrDefault(k) ?? "(absent)"} → {other.Parts.GetValueOrDefault(k) ?? "(absent)"}")
            .ToList();

    private const string UserSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

    private static readonly (string Name, string Sql)[] CatalogQueries =
    [
        ("schemas", $"SELECT n.nspname FROM pg_namespace n WHERE {UserSchemas} ORDER BY 1"),
        ("columns", $"""
            SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {UserSchemas} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1
            """),
        ("constraints", $"""
            SELECT n.nspname || '.' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {UserSchemas} ORDER BY 1
            """),
        ("indexes", $"SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas} ORDER BY 1"),
        ("triggers", $"""
            SELECT c.relname || '.' || t.tgname || ' ' || t.tgenabled::text
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {UserSchemas} AND NOT t.tgisinternal ORDER BY 1
            """),
        ("functions", $"SELECT p.proname || ' ' || md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {UserSchemas} ORDER BY 1"),
    ];
}
