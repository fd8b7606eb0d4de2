using System.Text.RegularExpressions;
using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>A column; <see cref="Default"/> with a string literal's cast to text or character varying left off, so the two compare equal.</summary>
public sealed record CatalogColumn(string Table, string Name, string Type, bool NotNull, string? Default);

/// <summary>
/// A primary key, unique, check or foreign-key constraint; <see cref="Definition"/> as pg_get_constraintdef prints it.
/// For a foreign key, <see cref="References"/> is what it ties ("(venue_id) REFERENCES venues(id)"), whatever it is
/// called and whatever its actions, and <see cref="OnUpdate"/>/<see cref="OnDelete"/> are pg_constraint's action codes.
/// </summary>
public sealed record CatalogConstraint(string Table, string Name, char Kind, string Definition, string? References = null, char OnUpdate = ' ', char OnDelete = ' ');

/// <summary>
/// An index that backs no constraint. <see cref="Signature"/> is what follows the table name
/// ("UNIQUE btree (normalized_name) WHERE …"), so two indexes compare equal whatever they are called.
/// </summary>
public sealed record CatalogIndex(string Table, string Name, string Signature);

/// <summary>
/// The tables, columns, constraints and indexes of one schema, read from pg_catalog with the
/// schema as the search path so definitions print without a schema prefix and two schemas built
/// from the same DDL print identically.
/// </summary>
public sealed partial record SchemaCatalog(
    IReadOnlySet<string> Tables,
    IReadOnlyList<CatalogColumn> Columns,
    IReadOnlyList<CatalogConstraint> Constraints,
    IReadOnlyList<CatalogIndex> Indexes)
{
    public static async Task<SchemaCatalog> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken ct)
    {
        var searchPath = await ScalarAsync(connection, transaction, "SELECT current_setting('search_path')", ct);
        await ExecuteAsync(connection, transaction, $"SELECT set_config('search_path', {Quote(QuoteIdent(schema))}, true)", ct);
        try
        {
            var tables = new HashSet<string>(StringComparer.Ordinal);
            await ReadAsync(connection, transaction, schema, """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
                """, r => tables.Add(r.GetString(0)), ct);

            var columns = new List<CatalogColumn>();
            await ReadAsync(connection, transaction, schema, """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY c.relname, a.attnum
                """, r => columns.Add(new CatalogColumn(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.IsDBNull(4) ? null : Uncast(r.GetString(4)))), ct);

            var constraints = new List<CatalogConstraint>();
            await ReadAsync(connection, transaction, schema, """
                SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid),
                       CASE WHEN con.contype = 'f' THEN
                           '(' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                                   FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num)
                           || ') REFERENCES ' || con.confrelid::regclass::text || '('
                           || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                               FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) || ')'
                       END,
                       con.confupdtype::text, con.confdeltype::text
                FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'c', 'f')
                ORDER BY c.relname, con.conname
                """, r => constraints.Add(new CatalogConstraint(r.GetString(0), r.GetString(1), r.GetString(2)[0], r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5)[0], r.GetString(6)[0])), ct);

            // Indexes that back a primary key or unique constraint are compared as constraints.
            var indexes = new List<CatalogIndex>();
            await ReadAsync(connection, transaction, schema, """
                SELECT t.relname, i.relname,
                       CASE WHEN ix.indisunique THEN 'UNIQUE ' ELSE '' END
                       || substring(pg_get_indexdef(ix.indexrelid) FROM ' USING (.*)$')
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = $1
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                                  WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
                ORDER BY t.relname, i.relname
                """, r => indexes.Add(new CatalogIndex(r.GetString(0), r.GetString(1), r.GetString(2))), ct);

            return new SchemaCatalog(tables, columns, constraints, indexes);
        }
        finally
        {
            await ExecuteAsync(connection, transaction, $"SELECT set_config('search_path', {Quote(searchPath)}, true)", CancellationToken.None);
        }
    }

    public IEnumerable<CatalogColumn> ColumnsOf(string table) => Columns.Where(c => c.Table == table);

    public CatalogColumn? Column(string table, string name) => Columns.FirstOrDefault(c => c.Table == table && c.Name == name);

    public IEnumerable<CatalogConstraint> ConstraintsOf(string table) => Constraints.Where(c => c.Table == table);

    public IEnumerable<CatalogIndex> IndexesOf(string table) => Indexes.Where(i => i.Table == table);

    /// <summary>'pending'::text and 'pending'::character varying are the same default: 'pending'.</summary>
    private static string Uncast(string expression) =>
        CastLiteral().Match(expression) is { Success: true } literal ? literal.Groups[1].Value : expression;

    [GeneratedRegex(@"^('(?:[^']|'')*')::(?:text|character varying)$")]
    private static partial Regex CastLiteral();

    public static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Quote(string literal) => "'" + literal.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string sql, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(schema);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
