using XcAspire.Testing;

namespace XcAspire.Adopt.Tests;

/// <summary>What the adoption tests read back from a database's catalog.</summary>
internal static class SiteCatalog
{
    /// <summary>"table.column type" for every column of the database's own tables.</summary>
    public static Task<IReadOnlyList<string>> ColumnTypesAsync(TestDatabase db) => SiteQueries.RunAsync(db.DataSource, """
        SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1
        """);

    /// <summary>Every set of columns that carries two or more foreign keys to the same referenced columns, with their names.</summary>
    public static Task<IReadOnlyList<string>> DuplicateForeignKeysAsync(TestDatabase db) => SiteQueries.RunAsync(db.DataSource, """
        SELECT conrelid::regclass::text || ' ' || conkey::text || ' -> ' || confrelid::regclass::text || ' ' || confkey::text,
               string_agg(conname, ', ' ORDER BY conname)
        FROM pg_constraint
        WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
        GROUP BY conrelid, conkey, confrelid, confkey
        HAVING count(*) > 1
        """);

    /// <summary>The foreign keys of a table, as "name definition".</summary>
    public static Task<IReadOnlyList<string>> ForeignKeysAsync(TestDatabase db, string table) => SiteQueries.RunAsync(db.DataSource, $"""
        SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE contype = 'f' AND conrelid = '{table}'::regclass ORDER BY 1
        """);

    public static Task<IReadOnlyList<string>> TriggersAsync(TestDatabase db, string table) => SiteQueries.RunAsync(db.DataSource, $"""
        SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = '{table}'::regclass ORDER BY 1
        """);
}
