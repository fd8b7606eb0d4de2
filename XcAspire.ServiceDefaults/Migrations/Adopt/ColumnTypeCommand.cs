using System.Globalization;
using System.Text;
using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// The command that gives a site column the type XcAspire needs, for a type it cannot work with.
/// PostgreSQL refuses to change the type of a column a view, a trigger or a row-level policy uses,
/// so those are named, dropped first and created again after, from their own definitions; the
/// indexes and constraints on the column the ALTER rebuilds by itself. Run by a person, never by
/// adoption: it locks and rewrites the table.
/// </summary>
internal static class ColumnTypeCommand
{
    private const string Dependents = """
        WITH col AS (
            SELECT a.attrelid, a.attnum FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped
        ), deps AS (
            SELECT DISTINCT d.classid, d.objid FROM pg_depend d JOIN col ON d.refobjid = col.attrelid AND d.refobjsubid = col.attnum
            WHERE d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'
        ), kinds AS (
            SELECT oid, CASE relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END AS kind FROM pg_class
        )
        SELECT 'view ' || v.oid::regclass::text,
               format('DROP %s %s;', k.kind, v.oid::regclass),
               format('CREATE %s %s AS%s;', k.kind, v.oid::regclass, rtrim(pg_get_viewdef(v.oid, true), ';'))
        FROM deps JOIN pg_rewrite r ON r.oid = deps.objid JOIN pg_class v ON v.oid = r.ev_class JOIN kinds k ON k.oid = v.oid
        WHERE deps.classid = 'pg_rewrite'::regclass
        UNION ALL
        SELECT 'trigger ' || t.tgname, format('DROP TRIGGER %I ON %s;', t.tgname, t.tgrelid::regclass), pg_get_triggerdef(t.oid) || ';'
        FROM deps JOIN pg_trigger t ON t.oid = deps.objid
        WHERE deps.classid = 'pg_trigger'::regclass
        UNION ALL
        SELECT 'policy ' || p.policyname, format('DROP POLICY %I ON %I.%I;', p.policyname, p.schemaname, p.tablename),
               format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s;', p.policyname, p.schemaname, p.tablename, p.permissive, p.cmd,
                      array_to_string(ARRAY(SELECT CASE WHEN r = 'public' THEN r ELSE quote_ident(r) END FROM unnest(p.roles) r), ', '),
                      coalesce(' USING (' || p.qual || ')', ''), coalesce(' WITH CHECK (' || p.with_check || ')', ''))
        FROM deps JOIN pg_policy pol ON pol.oid = deps.objid
        JOIN pg_class pc ON pc.oid = pol.polrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        JOIN pg_policies p ON p.schemaname = pn.nspname AND p.tablename = pc.relname AND p.policyname = pol.polname
        WHERE deps.classid = 'pg_policy'::regclass
        ORDER BY 1
        """;

    public static async Task<string> ForAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, SchemaChange change, CancellationToken ct)
    {
        string table, column;
        await using (var names = new NpgsqlCommand("SELECT quote_ident($1), quote_ident($2)", connection, transaction))
        {
            names.Parameters.AddWithValue(change.Table);
            names.Parameters.AddWithValue(change.Name);
            await using var reader = await names.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (table, column) = (reader.GetString(0), reader.GetString(1));
        }

        var dependents = new List<(string What, string Drop, string Create)>();
        await using (var command = new NpgsqlCommand(Dependents, connection, transaction))
        {
            command.Parameters.AddWithValue($"{Q(schema)}.{Q(change.Table)}");
            command.Parameters.AddWithValue(change.Name);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                dependents.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var text = new StringBuilder();
        text.Append("-- ").Append(change.Table).Append('.').Append(change.Name).Append(": ").AppendLine(change.Detail);
        if (dependents.Count > 0)
        {
            text.Append("-- used by ").Append(string.Join(", ", dependents.Select(d => d.What)))
                .AppendLine(": dropped before the change and created again after it (grants on a view are given again by hand)");
        }

        foreach (var dependent in dependents)
        {
            text.AppendLine(dependent.Drop);
        }

        text.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {table} ALTER COLUMN {column} TYPE {change.Type} USING {column}::{change.Type};");
        foreach (var dependent in dependents)
        {
            text.AppendLine().Append(dependent.Create);
        }

        return text.ToString();
    }

    private static string Q(string name) => SchemaCatalog.QuoteIdent(name);
}
