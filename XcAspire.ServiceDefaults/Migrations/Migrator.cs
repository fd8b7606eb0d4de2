using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using XcAspire.ServiceDefaults.Migrations.Adopt;

namespace XcAspire.ServiceDefaults.Migrations;

/// <summary>
/// Applies numbered SQL migrations in order, each in its own transaction, and records each with
/// its checksum. Every service runs it at start; a session advisory lock makes the first one apply
/// and the others wait, then find nothing left to do.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger, IReadOnlyList<MigrationScript> scripts)
{
    /// <summary>Arbitrary but fixed: every XcAspire process must contend for the same lock.</summary>
    public const long AdvisoryLockKey = 0x5843_4D49_4752; // "XCMIGR"

    public const string HistoryTable = "xc_schema_migrations";

    internal const string HistoryTableDdl = $"""
        CREATE TABLE IF NOT EXISTS {HistoryTable} (
            version      integer     PRIMARY KEY,
            name         text        NOT NULL,
            checksum     text        NOT NULL,
            applied_at   timestamptz NOT NULL DEFAULT now(),
            execution_ms integer     NOT NULL
        )
        """;

    public IReadOnlyList<MigrationScript> Scripts { get; } = MigrationScript.InOrder(scripts);

    public async Task<MigrationOutcome> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            // The site's own database (its tables, no history of ours) is adopted first: the domain
            // schema is brought in place and recorded as migration 1, and the rest applies as usual.
            switch (await SiteAdoption.DetectAsync(connection, null, cancellationToken))
            {
                case DatabaseShape.Site:
                    await AdoptSiteAsync(connection, cancellationToken);
                    break;
                case DatabaseShape.Partial:
                    throw new MigrationException(SiteAdoption.PartialMessage);
            }

            await ExecuteAsync(connection, HistoryTableDdl, cancellationToken);

            var history = await ReadHistoryAsync(connection, null, cancellationToken);
            VerifyHistory(Scripts, history);

            var applied = new List<MigrationScript>();
            foreach (var script in Scripts.Where(s => !history.ContainsKey(s.Version)))
            {
                await ApplyOneAsync(connection, script, cancellationToken);
                applied.Add(script);
            }

            if (applied.Count > 0)
            {
                var filled = await SiteAdoption.FillLaterColumnsAsync(connection, cancellationToken);
                if (filled > 0)
                {
                    logger.LogInformation("Filled columns added by later migrations for {Rows} existing site row(s)", filled);
                }
            }

            return new MigrationOutcome(applied, history.Count);
        }
        finally
        {
            // Unlock explicitly: the pooled connection outlives this call.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task AdoptSiteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var missing = SiteAdoption.DomainVersions.Where(v => Scripts.All(s => s.Version != v)).ToList();
        if (missing.Count > 0)
        {
            throw new MigrationException(
                $"This database holds the site's tables, but migration {string.Join(", ", missing)} of the domain schema is not configured to adopt it with.");
        }

        var report = await new SiteAdoption(Scripts).RunAsync(connection, apply: true, cancellationToken);
        if (report.Status == AdoptionStatus.Blocked)
        {
            throw new MigrationException(report.Format());
        }

        logger.LogInformation("Adopted the site's database: {Report}", report.Format());
    }

    /// <summary>Every applied migration must be one of <paramref name="scripts"/>, unchanged.</summary>
    internal static void VerifyHistory(IReadOnlyList<MigrationScript> scripts, IReadOnlyDictionary<int, AppliedMigration> history)
    {
        var known = scripts.ToDictionary(s => s.Version);
        foreach (var (version, applied) in history.OrderBy(h => h.Key))
        {
            if (!known.TryGetValue(version, out var script))
            {
                throw new MigrationException(
                    $"The database has migration {applied.Name} applied, which this build does not contain. " +
                    "It was migrated by a newer build: run that build, or restore a database of this version.");
            }

            if (!string.Equals(script.Checksum, applied.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"Migration {script.Name} was changed after it was applied to this database " +
                    $"(applied checksum {applied.Checksum[..12]}…, file checksum {script.Checksum[..12]}…). " +
                    "Applied migrations are immutable: restore the file and put the change in a new numbered migration.");
            }
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                $"INSERT INTO {HistoryTable} (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4)",
                connection, transaction))
            {
                record.Parameters.AddWithValue(script.Version);
                record.Parameters.AddWithValue(script.Name);
                record.Parameters.AddWithValue(script.Checksum);
                record.Parameters.AddWithValue((int)stopwatch.ElapsedMilliseconds);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new MigrationException(
                $"Migration {script.Name} failed and was rolled back: {ex.MessageText}" +
                (ex.Position > 0 ? $" (at character {ex.Position})" : string.Empty));
        }

        logger.LogInformation("Applied migration {Migration} in {ElapsedMs} ms", script.Name, stopwatch.ElapsedMilliseconds);
    }

    internal static async Task<Dictionary<int, AppliedMigration>> ReadHistoryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var history = new Dictionary<int, AppliedMigration>();
        await using var command = new NpgsqlCommand($"SELECT version, name, checksum FROM {HistoryTable}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history[reader.GetInt32(0)] = new AppliedMigration(reader.GetString(1), reader.GetString(2));
        }

        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal sealed record AppliedMigration(string Name, string Checksum);
}

/// <summary>What one run did: the migrations it applied, and how many were already there.</summary>
public sealed record MigrationOutcome(IReadOnlyList<MigrationScript> Applied, int AlreadyApplied);
