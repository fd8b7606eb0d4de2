using System.Diagnostics;
using Npgsql;

namespace XcAspire.ServiceDefaults.Migrations.Adopt;

public enum DatabaseShape
{
    /// <summary>No tables of either kind: migrations create everything.</summary>
    Empty,

    /// <summary>XcAspire's migration history is there.</summary>
    XcAspire,

    /// <summary>The site's tables without XcAspire's history: adoption applies.</summary>
    Site,

    /// <summary>Some of the site's tables, not all: neither adoptable nor empty.</summary>
    Partial,
}

/// <summary>
/// Brings the results site's hand-grown database to XcAspire's schema in one transaction, without
/// dropping or renaming a table or column the site reads, then records migration 1 (the domain
/// schema) as applied so later migrations apply on top as on any XcAspire database.
/// The target is XcAspire's own 0001 built in a scratch schema: the catalogs are compared, the
/// differences closed, and the comparison repeated to prove nothing is missing.
/// </summary>
public sealed class SiteAdoption(MigrationScript domainMigration)
{
    public const string ReferenceSchema = "xc_adopt_reference";

    /// <summary>The site's tables whose presence (without XcAspire's history) identifies its database.</summary>
    public static readonly string[] SiteTables = ["meets", "races", "results", "athletes", "schools"];

    /// <summary>Tables whose per-row triggers XcAspire's set-based rebuilds replace.</summary>
    public static readonly string[] TriggerTables = ["results", "athletes"];

    public static readonly string PartialMessage =
        $"The database holds some of the site's tables ({string.Join(", ", SiteTables)}) but not all, and no " +
        $"{Migrator.HistoryTable}: it is neither the site's database nor empty, so nothing is adopted or created. " +
        "Point XcAspire at the site's whole database or at an empty one.";

    public MigrationScript DomainMigration { get; } = domainMigration.Version == 1
        ? domainMigration
        : throw new ArgumentException("Adoption records the domain migration, version 1.", nameof(domainMigration));

    public static SiteAdoption ForEmbeddedMigrations() =>
        new(MigrationScript.Embedded().Single(s => s.Version == 1));

    public static async Task<DatabaseShape> DetectAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT to_regclass($1) IS NOT NULL,
                   (SELECT count(*) FROM pg_class c
                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY($2))
            """, connection, transaction);
        command.Parameters.AddWithValue(Migrator.HistoryTable);
        command.Parameters.AddWithValue(SiteTables);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetBoolean(0))
        {
            return DatabaseShape.XcAspire;
        }

        return reader.GetInt64(1) switch
        {
            0 => DatabaseShape.Empty,
            var n when n == SiteTables.Length => DatabaseShape.Site,
            _ => DatabaseShape.Partial,
        };
    }

    /// <summary>What adoption would change, found by running it in a transaction that is always rolled back.</summary>
    public async Task<AdoptionReport> CheckAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await RunAsync(connection, apply: false, ct);
    }

    /// <summary>Adopts the database in one transaction; a blocked or failed adoption changes nothing.</summary>
    public async Task<AdoptionReport> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await RunAsync(connection, apply: true, ct);
    }

    public async Task<AdoptionReport> RunAsync(NpgsqlConnection connection, bool apply, CancellationToken ct)
    {
        try
        {
            return await RunInTransactionAsync(connection, apply, ct);
        }
        catch (PostgresException ex)
        {
            throw new MigrationException(
                $"Adoption failed and was rolled back; nothing was changed: {ex.MessageText}" +
                (ex.Detail is { Length: > 0 } detail ? $" ({detail})" : string.Empty) +
                (ex.ConstraintName is { Length: > 0 } constraint ? $" [constraint {constraint} on {ex.TableName}]" : string.Empty));
        }
    }

    private async Task<AdoptionReport> RunInTransactionAsync(NpgsqlConnection connection, bool apply, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Same key as the migrator: a service starting now waits for the adoption instead of racing it.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({Migrator.AdvisoryLockKey})", ct);

        switch (await DetectAsync(connection, transaction, ct))
        {
            case DatabaseShape.XcAspire:
                return AdoptionReport.Nothing(AdoptionStatus.AlreadyAdopted,
                    $"Already adopted: {Migrator.HistoryTable} exists, so migrations manage this database. Nothing to do.");
            case DatabaseShape.Empty:
                return AdoptionReport.Nothing(AdoptionStatus.NotSiteDatabase,
                    $"Not the site's database (no {string.Join('/', SiteTables)} tables): nothing to adopt. " +
                    "XcAspire's services create their schema in an empty database at start.");
            case DatabaseShape.Partial:
                return AdoptionReport.Nothing(AdoptionStatus.NotSiteDatabase, PartialMessage);
        }

        var run = new AdoptionRun(connection, transaction, ct);
        var schema = await run.ScalarAsync<string>("SELECT current_schema()");
        // Reads go on; writes wait until the adoption commits or rolls back.
        await run.ExecuteAsync($"LOCK TABLE {string.Join(", ", SiteTables.Select(t => $"{Q(schema)}.{Q(t)}"))} IN SHARE ROW EXCLUSIVE MODE");

        var reference = await BuildReferenceAsync(run, connection, transaction, ct);
        var site = await SchemaCatalog.ReadAsync(connection, transaction, schema, ct);
        var changes = SchemaDiff.Compare(reference, site);

        var triggers = await SchemaAlignment.DropTriggersAsync(run, schema);
        await SchemaAlignment.DropAsync(run, schema, changes);
        await SchemaAlignment.AddTablesAndColumnsAsync(run, schema, changes);
        var data = new List<DataChange>();
        foreach (var step in AdoptionSteps.Normalise)
        {
            data.Add(new DataChange(step.Description, await run.ExecuteAsync(step.Sql)));
        }

        data.AddRange(await SchemaAlignment.FillDefaultsAsync(run, schema, changes));

        var blockers = await Preflight.FindAsync(connection, transaction, schema, site, changes, ct);
        if (blockers.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return new AdoptionReport(AdoptionStatus.Blocked,
                $"Adoption blocked: {blockers.Sum(b => b.RowCount)} row(s) break {blockers.Count} of XcAspire's keys or rules. " +
                "Nothing was changed. Resolve them (commands below), then run ./xc adopt again.",
                triggers, changes, data.Where(d => d.Rows > 0).ToList(), blockers);
        }

        await SchemaAlignment.AddKeysAndRulesAsync(run, schema, changes);
        await VerifyAsync(run, connection, transaction, reference, schema, ct);
        await run.ExecuteAsync($"DROP SCHEMA {Q(ReferenceSchema)} CASCADE");
        await RecordDomainMigrationAsync(run, stopwatch);

        var changed = data.Where(d => d.Rows > 0).ToList();
        if (!apply)
        {
            await transaction.RollbackAsync(ct);
            return new AdoptionReport(AdoptionStatus.WouldAdopt,
                "Check only: adoption would apply cleanly as listed below. Nothing was changed.", triggers, changes, changed, []);
        }

        await transaction.CommitAsync(ct);
        return new AdoptionReport(AdoptionStatus.Adopted,
            $"Adopted: the site's database now has XcAspire's domain schema (migration {DomainMigration.Name} recorded as applied).",
            triggers, changes, changed, []);
    }

    private async Task<SchemaCatalog> BuildReferenceAsync(AdoptionRun run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await run.ExecuteAsync($"CREATE SCHEMA {Q(ReferenceSchema)}");
        var searchPath = await run.ScalarAsync<string>("SELECT current_setting('search_path')");
        await run.ExecuteAsync($"SELECT set_config('search_path', '{ReferenceSchema}', true)");
        await run.ExecuteAsync(DomainMigration.Sql);
        await run.ExecuteAsync($"SELECT set_config('search_path', {SchemaCatalog.Quote(searchPath)}, true)");
        return await SchemaCatalog.ReadAsync(connection, transaction, ReferenceSchema, ct);
    }

    /// <summary>The adopted schema must now hold everything 0001 defines; anything left over is a defect of the adoption itself.</summary>
    private static async Task VerifyAsync(AdoptionRun run, NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaCatalog reference, string schema, CancellationToken ct)
    {
        var adopted = await SchemaCatalog.ReadAsync(connection, transaction, schema, ct);
        var left = SchemaDiff.Compare(reference, adopted);
        var triggers = await SchemaAlignment.ListTriggersAsync(run, schema);
        if (left.Count > 0 || triggers.Count > 0)
        {
            throw new MigrationException(
                "Adoption did not reach XcAspire's schema and was rolled back: " + string.Join("; ", left.Select(c => c.ToString()).Concat(triggers)));
        }
    }

    private async Task RecordDomainMigrationAsync(AdoptionRun run, Stopwatch stopwatch)
    {
        await run.ExecuteAsync(Migrator.HistoryTableDdl);
        await run.ExecuteAsync(
            $"INSERT INTO {Migrator.HistoryTable} (version, name, checksum, execution_ms) " +
            $"VALUES ({DomainMigration.Version}, {SchemaCatalog.Quote(DomainMigration.Name)}, {SchemaCatalog.Quote(DomainMigration.Checksum)}, {(int)stopwatch.ElapsedMilliseconds})");
    }

    /// <summary>
    /// Columns a later migration adds that describe existing rows (athletes.base_name, which the
    /// importer's middle-name tier matches on) get values for the site's rows, which no import wrote.
    /// Run by the migrator after it applies migrations; a no-op where every row has its value.
    /// </summary>
    public static async Task<int> FillLaterColumnsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('athletes') AND attname = 'base_name' AND NOT attisdropped)",
            connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        await using var fill = new NpgsqlCommand(
            $"UPDATE athletes SET base_name = {NameFoldSql.BaseName("name")} WHERE base_name IS NULL", connection) { CommandTimeout = 0 };
        return await fill.ExecuteNonQueryAsync(ct);
    }

    private static Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct) =>
        new AdoptionRun(connection, transaction, ct).ExecuteAsync(sql);

    private static string Q(string name) => SchemaCatalog.QuoteIdent(name);
}
