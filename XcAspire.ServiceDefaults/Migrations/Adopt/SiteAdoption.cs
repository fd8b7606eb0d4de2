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
/// dropping or renaming a table or column the site reads, then records the domain migrations
/// (<see cref="DomainVersions"/>) as applied so later migrations apply on top as on any XcAspire
/// database. The target is XcAspire's own migrations built in a scratch schema: the catalogs are
/// compared, the differences closed, and the comparison repeated to prove nothing is missing.
/// On a database already adopted (or created by XcAspire) the same comparison, against the
/// migrations its history records, finds drift: what a site migration changed since (a per-row
/// trigger re-created, a type changed, a key dropped); applying closes only that.
/// </summary>
public sealed class SiteAdoption
{
    public const string ReferenceSchema = "xc_adopt_reference";

    /// <summary>
    /// The migrations adoption brings in place and records: 0001, the domain schema, and 0013, which
    /// makes 0001's difficulty bounds inclusive. The site's own courses are rated 3.00: adopting to
    /// 0001's rule would block rows the corrected rule accepts. The migrator applies the rest after.
    /// </summary>
    public static readonly int[] DomainVersions = [1, 13];

    /// <summary>The site's tables whose presence (without XcAspire's history) identifies its database.</summary>
    public static readonly string[] SiteTables = ["meets", "races", "results", "athletes", "schools"];

    /// <summary>Tables whose per-row triggers XcAspire's set-based rebuilds replace.</summary>
    public static readonly string[] TriggerTables = ["results", "athletes"];

    public static readonly string PartialMessage =
        $"The database holds some of the site's tables ({string.Join(", ", SiteTables)}) but not all, and no " +
        $"{Migrator.HistoryTable}: it is neither the site's database nor empty, so nothing is adopted or created. " +
        "Point XcAspire at the site's whole database or at an empty one.";

    public SiteAdoption(IReadOnlyList<MigrationScript> migrations)
    {
        Migrations = MigrationScript.InOrder(migrations);
        DomainMigrations = Migrations.Where(m => DomainVersions.Contains(m.Version)).ToList();
        if (DomainMigrations.Count != DomainVersions.Length)
        {
            throw new ArgumentException(
                $"Adoption needs the domain migrations {string.Join(", ", DomainVersions)}.", nameof(migrations));
        }
    }

    /// <summary>Every migration of this build: a database's history picks the ones its drift is measured against.</summary>
    public IReadOnlyList<MigrationScript> Migrations { get; }

    public IReadOnlyList<MigrationScript> DomainMigrations { get; }

    public static SiteAdoption ForEmbeddedMigrations() => new(MigrationScript.Embedded());

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

    /// <summary>What adoption (or realigning an adopted database) would change, found by running it in a transaction that is always rolled back.</summary>
    public async Task<AdoptionReport> CheckAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await RunAsync(connection, apply: false, ct);
    }

    /// <summary>Adopts the database, or realigns what drifted, in one transaction; a blocked or failed run changes nothing.</summary>
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
        var run = new AdoptionRun(connection, transaction, ct);
        // Same key as the migrator: a service starting now waits for the adoption instead of racing it.
        await run.ExecuteAsync($"SELECT pg_advisory_xact_lock({Migrator.AdvisoryLockKey})");

        var shape = await DetectAsync(connection, transaction, ct);
        switch (shape)
        {
            case DatabaseShape.Empty:
                return AdoptionReport.Nothing(AdoptionStatus.NotSiteDatabase,
                    $"Not the site's database (no {string.Join('/', SiteTables)} tables): nothing to adopt. " +
                    "XcAspire's services create their schema in an empty database at start.");
            case DatabaseShape.Partial:
                return AdoptionReport.Nothing(AdoptionStatus.NotSiteDatabase, PartialMessage);
        }

        var adopting = shape == DatabaseShape.Site;
        var target = adopting ? DomainMigrations : await RecordedMigrationsAsync(connection, transaction, ct);
        var schema = await run.ScalarAsync<string>("SELECT current_schema()");
        await LockSiteTablesAsync(run, schema);

        var site = await run.CatalogAsync(schema);
        var types = ColumnTypes.Compare(await Reference.BuildAsync(run, target), site);
        var reference = await Reference.AlignAsync(run, types);
        var changes = types.Concat(SchemaDiff.Compare(reference, site)).ToList();

        var triggers = await SchemaAlignment.DropTriggersAsync(run, schema);
        await SchemaAlignment.DropAsync(run, schema, changes);
        await SchemaAlignment.AddTablesAndColumnsAsync(run, schema, changes);
        var data = new List<DataChange>();
        if (adopting)
        {
            foreach (var step in AdoptionSteps.Normalise)
            {
                data.Add(new DataChange(step.Description, await run.ExecuteAsync(step.Sql)));
            }
        }

        data.AddRange(await SchemaAlignment.FillDefaultsAsync(run, schema, changes));
        var changed = data.Where(d => d.Rows > 0).ToList();

        var blockers = await Preflight.FindAsync(connection, transaction, schema, site, changes, ct);
        if (blockers.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return new AdoptionReport(AdoptionStatus.Blocked, AdoptionOutcome.Blocked(adopting, blockers), triggers, changes, changed, blockers);
        }

        await SchemaAlignment.AddKeysAndRulesAsync(run, schema, changes);
        await VerifyAsync(run, reference, schema);
        await Reference.DropAsync(run);
        if (adopting)
        {
            await RecordDomainMigrationsAsync(run, stopwatch);
        }

        var drifted = adopting || triggers.Count > 0 || changes.Any(c => !c.IsNote);
        var commit = apply && drifted;
        if (commit)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
        }

        return new AdoptionReport(AdoptionOutcome.Status(adopting, drifted, commit), AdoptionOutcome.Message(adopting, drifted, commit, target),
            triggers, changes, changed, []);
    }

    /// <summary>Reads go on; writes wait until the adoption commits or rolls back. A drifted database may have lost a table.</summary>
    private static async Task LockSiteTablesAsync(AdoptionRun run, string schema)
    {
        var present = await run.ListAsync(
            $"SELECT relname::text FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname::text = ANY ({Array(SiteTables)})");
        var tables = SiteTables.Where(present.Contains).Select(t => $"{Q(schema)}.{Q(t)}").ToList();
        if (tables.Count > 0)
        {
            await run.ExecuteAsync($"LOCK TABLE {string.Join(", ", tables)} IN SHARE ROW EXCLUSIVE MODE");
        }
    }

    private static string Array(IEnumerable<string> values) => $"ARRAY[{string.Join(", ", values.Select(SchemaCatalog.Quote))}]";

    /// <summary>The migrations the history records, each checked to be this build's, unchanged (as the migrator refuses otherwise).</summary>
    private async Task<IReadOnlyList<MigrationScript>> RecordedMigrationsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var history = await Migrator.ReadHistoryAsync(connection, transaction, ct);
        Migrator.VerifyHistory(Migrations, history);
        return Migrations.Where(m => history.ContainsKey(m.Version)).ToList();
    }

    /// <summary>The database must now hold everything the reference defines; anything left over is a defect of the adoption itself.</summary>
    private static async Task VerifyAsync(AdoptionRun run, SchemaCatalog reference, string schema)
    {
        var adopted = await run.CatalogAsync(schema);
        var left = ColumnTypes.Compare(reference, adopted).Concat(SchemaDiff.Compare(reference, adopted)).Where(c => !c.IsNote).ToList();
        var triggers = await SchemaAlignment.ListTriggersAsync(run, schema);
        if (left.Count > 0 || triggers.Count > 0)
        {
            throw new MigrationException(
                "Adoption did not reach XcAspire's schema and was rolled back: " + string.Join("; ", left.Select(c => c.ToString()).Concat(triggers)));
        }
    }

    private async Task RecordDomainMigrationsAsync(AdoptionRun run, Stopwatch stopwatch)
    {
        await run.ExecuteAsync(Migrator.HistoryTableDdl);
        foreach (var migration in DomainMigrations)
        {
            await run.ExecuteAsync(
                $"INSERT INTO {Migrator.HistoryTable} (version, name, checksum, execution_ms) " +
                $"VALUES ({migration.Version}, {SchemaCatalog.Quote(migration.Name)}, {SchemaCatalog.Quote(migration.Checksum)}, {(int)stopwatch.ElapsedMilliseconds})");
        }
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

    private static string Q(string name) => SchemaCatalog.QuoteIdent(name);
}
