using System.Text.RegularExpressions;
using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// Before any key or rule is added: the rows it would reject, found with the rule's own columns
/// and expression, so a blocked adoption names every offending row instead of failing on the first.
/// </summary>
public static partial class Preflight
{
    public static async Task<IReadOnlyList<AdoptionBlocker>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, SchemaCatalog site, IReadOnlyList<SchemaChange> changes, CancellationToken ct)
    {
        var created = changes.Where(c => c.Kind == ChangeKind.CreateTable).Select(c => c.Table).ToHashSet(StringComparer.Ordinal);
        var retyped = changes.Where(c => c.Kind == ChangeKind.IncompatibleColumn).ToList();
        var blockers = new List<AdoptionBlocker>();
        foreach (var change in retyped)
        {
            blockers.Add(new AdoptionBlocker(change.Table, change.Name, $"of type {change.Type} (the site's is {change.SiteType})", [],
                await ColumnTypeCommand.ForAsync(connection, transaction, schema, change, ct)));
        }

        foreach (var change in changes.Where(c => !created.Contains(c.Table) && !c.IsNote && !Touches(c, retyped)))
        {
            var table = $"{SchemaCatalog.QuoteIdent(schema)}.{SchemaCatalog.QuoteIdent(change.Table)}";
            var order = site.Column(change.Table, "created_at") is null ? "id" : "created_at NULLS LAST, id";
            var probe = Probe(change, table, order);
            if (probe is null)
            {
                continue;
            }

            var groups = await ReadGroupsAsync(connection, transaction, probe.Value.Sql, ct);
            if (groups.Count > 0)
            {
                var resolve = string.Join('\n', groups.Select(g => ResolveCommands.For(probe.Value.Key, g)).Distinct(StringComparer.Ordinal));
                blockers.Add(new AdoptionBlocker(change.Table, probe.Value.Key, probe.Value.Rule, groups, resolve));
            }
        }

        return blockers;
    }

    /// <summary>A rule over a column of the wrong type cannot be probed: the probe would compare, say, text with a number.</summary>
    private static bool Touches(SchemaChange change, List<SchemaChange> retyped) =>
        retyped.Any(r => r.Table == change.Table && (change.Name == r.Name || Regex.IsMatch(change.Detail, $@"\b{Regex.Escape(r.Name)}\b")));

    /// <summary>A query returning (value, id, keep) for every row the change would reject.</summary>
    private static (string Key, string Rule, string Sql)? Probe(SchemaChange change, string table, string order)
    {
        switch (change.Kind)
        {
            case ChangeKind.SetNotNull:
                return ($"{change.Table}_{change.Name}_not_null", $"{change.Name} NOT NULL",
                    $"SELECT '{change.Name} IS NULL', id::text, false FROM {table} WHERE {SchemaCatalog.QuoteIdent(change.Name)} IS NULL ORDER BY id");
            case ChangeKind.AddConstraint when change.ConstraintKind is 'u' or 'p' && KeyColumns().Match(change.Detail) is { Success: true } key:
                return (change.Name, change.Detail, Duplicates(table, key.Groups[1].Value, null, order));
            case ChangeKind.CreateIndex when UniqueIndex().Match(change.Detail) is { Success: true } index:
                return (change.Name, change.Detail, Duplicates(table, index.Groups[1].Value, index.Groups[2].Success ? index.Groups[2].Value : null, order));
            case ChangeKind.AddConstraint when change.ConstraintKind == 'c' && change.Detail.StartsWith("CHECK ", StringComparison.Ordinal):
                return (change.Name, change.Detail,
                    $"SELECT 'fails {change.Name}', id::text, false FROM {table} WHERE NOT {change.Detail["CHECK ".Length..]} ORDER BY id");
            case ChangeKind.AddConstraint when change.ConstraintKind == 'f' && ForeignKey().Match(change.Detail) is { Success: true } fk:
                return (change.Name, change.Detail,
                    $"SELECT 'no {fk.Groups[2].Value} row', t.id::text, false FROM {table} t WHERE t.{fk.Groups[1].Value} IS NOT NULL " +
                    $"AND NOT EXISTS (SELECT 1 FROM {fk.Groups[2].Value} p WHERE p.{fk.Groups[3].Value} = t.{fk.Groups[1].Value}) ORDER BY t.id");
            default:
                return null;
        }
    }

    /// <summary>Groups sharing a key value (NULLs never collide); the first-created row of each is the one to keep.</summary>
    private static string Duplicates(string table, string columns, string? predicate, string order)
    {
        var notNull = string.Join(" AND ", columns.Split(',').Select(c => $"({c.Trim()}) IS NOT NULL"));
        var where = predicate is null ? notNull : $"{notNull} AND ({predicate})";
        return $"""
            SELECT value, id, nth = 1 FROM (
                SELECT ROW({columns})::text AS value, id::text AS id,
                       row_number() OVER (PARTITION BY {columns} ORDER BY {order}) AS nth,
                       count(*) OVER (PARTITION BY {columns}) AS n
                FROM {table} WHERE {where}
            ) keyed WHERE n > 1 ORDER BY value, nth
            """;
    }

    private static async Task<List<BlockedGroup>> ReadGroupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        var rows = new List<(string Value, string Id, bool Keep)>();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        return rows.GroupBy(r => r.Value, StringComparer.Ordinal)
            .Select(g => new BlockedGroup(g.Key, g.FirstOrDefault(r => r.Keep).Id, g.Select(r => r.Id).ToList()))
            .ToList();
    }

    [GeneratedRegex(@"^(?:UNIQUE|PRIMARY KEY) \((.+)\)$")]
    private static partial Regex KeyColumns();

    [GeneratedRegex(@"^UNIQUE \w+ \((.+?)\)(?: WHERE \((.+)\))?$")]
    private static partial Regex UniqueIndex();

    [GeneratedRegex(@"^FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)")]
    private static partial Regex ForeignKey();
}
