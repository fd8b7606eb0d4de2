namespace XcAspire.ServiceDefaults.Migrations.Adopt;

/// <summary>
/// The DDL that closes the differences <see cref="SchemaDiff"/> found, in the order adoption needs:
/// triggers and contradicting constraints off first, tables and columns added before the data is
/// normalised, keys and rules last, once the preflight found no row they would reject.
/// </summary>
internal static class SchemaAlignment
{
    /// <summary>Every trigger on results and athletes: their work is the importer's set-based rebuild now. Functions stay.</summary>
    public static async Task<List<string>> DropTriggersAsync(AdoptionRun run, string schema)
    {
        var triggers = await ListTriggersAsync(run, schema);
        foreach (var trigger in triggers)
        {
            var dot = trigger.IndexOf('.', StringComparison.Ordinal);
            await run.ExecuteAsync($"DROP TRIGGER {Q(trigger[(dot + 1)..])} ON {Q(schema)}.{Q(trigger[..dot])}");
        }

        return triggers;
    }

    public static Task<List<string>> ListTriggersAsync(AdoptionRun run, string schema) =>
        run.ListAsync($"""
            SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relnamespace = {SchemaCatalog.Quote(schema)}::regnamespace
              AND c.relname IN ({string.Join(", ", SiteAdoption.TriggerTables.Select(SchemaCatalog.Quote))})
            ORDER BY 1
            """);

    public static async Task DropAsync(AdoptionRun run, string schema, IReadOnlyList<SchemaChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Kind == ChangeKind.DropConstraint)
            {
                await run.ExecuteAsync($"ALTER TABLE {Q(schema)}.{Q(change.Table)} DROP CONSTRAINT {Q(change.Name)}");
            }
            else if (change.Kind == ChangeKind.DropIndex)
            {
                await run.ExecuteAsync($"DROP INDEX {Q(schema)}.{Q(change.Name)}");
            }
        }
    }

    public static async Task AddTablesAndColumnsAsync(AdoptionRun run, string schema, IReadOnlyList<SchemaChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Kind == ChangeKind.CreateTable)
            {
                await run.ExecuteAsync(
                    $"CREATE TABLE {Q(schema)}.{Q(change.Table)} (LIKE {Q(SiteAdoption.ReferenceSchema)}.{Q(change.Table)} INCLUDING DEFAULTS)");
            }
            else if (change.Kind == ChangeKind.AddColumn)
            {
                var withDefault = change.Default is null ? string.Empty : $" DEFAULT {change.Default}";
                await run.ExecuteAsync($"ALTER TABLE {Q(schema)}.{Q(change.Table)} ADD COLUMN {Q(change.Name)} {change.Detail}{withDefault}");
            }
            else if (change.Kind == ChangeKind.SetDefault)
            {
                await run.ExecuteAsync($"ALTER TABLE {Q(schema)}.{Q(change.Table)} ALTER COLUMN {Q(change.Name)} SET DEFAULT {change.Default}");
            }
        }
    }

    /// <summary>NULL where XcAspire's column is NOT NULL with a default (is_pr, is_sb, created_at …): the default, as a new row would get.</summary>
    public static async Task<List<DataChange>> FillDefaultsAsync(AdoptionRun run, string schema, IReadOnlyList<SchemaChange> changes)
    {
        var filled = new List<DataChange>();
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.SetNotNull && c.Default is not null))
        {
            var rows = await run.ExecuteAsync(
                $"UPDATE {Q(schema)}.{Q(change.Table)} SET {Q(change.Name)} = {change.Default} WHERE {Q(change.Name)} IS NULL");
            filled.Add(new DataChange($"{change.Table}.{change.Name} NULL to its default {change.Default}", rows));
        }

        return filled;
    }

    public static async Task AddKeysAndRulesAsync(AdoptionRun run, string schema, IReadOnlyList<SchemaChange> changes)
    {
        foreach (var change in changes.Where(c => c.Kind is ChangeKind.DropNotNull or ChangeKind.SetNotNull))
        {
            var verb = change.Kind == ChangeKind.SetNotNull ? "SET" : "DROP";
            await run.ExecuteAsync($"ALTER TABLE {Q(schema)}.{Q(change.Table)} ALTER COLUMN {Q(change.Name)} {verb} NOT NULL");
        }

        // Keys before the rules and foreign keys that may lean on them.
        var order = new Dictionary<char, int> { ['p'] = 0, ['u'] = 1, ['c'] = 2, ['f'] = 3 };
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.AddConstraint).OrderBy(c => order.GetValueOrDefault(c.ConstraintKind, 4)))
        {
            await run.ExecuteAsync($"ALTER TABLE {Q(schema)}.{Q(change.Table)} ADD CONSTRAINT {Q(change.Name)} {change.Detail}");
        }

        foreach (var change in changes.Where(c => c.Kind == ChangeKind.CreateIndex))
        {
            var unique = change.Detail.StartsWith("UNIQUE ", StringComparison.Ordinal);
            var rest = unique ? change.Detail["UNIQUE ".Length..] : change.Detail;
            await run.ExecuteAsync($"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX {Q(change.Name)} ON {Q(schema)}.{Q(change.Table)} USING {rest}");
        }
    }

    private static string Q(string name) => SchemaCatalog.QuoteIdent(name);
}
