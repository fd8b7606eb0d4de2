using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using XcAspire.Silo.Import.Names;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import.Reconciliation;

/// <summary>What a reconciliation found, by category.</summary>
public sealed record ReconciliationSummary(int SourceRows, int DatabaseRows, int Matched, IReadOnlyDictionary<string, int> Categories, long ElapsedMs);

/// <summary>
/// Compares the meet's source rows with the database both ways on the (athlete name, race id, time)
/// triple — never (race, time), because of ties — in SQL, and stores the job's report: case and
/// middle-name variant pairs first, then the rest as missing (athlete present / absent) or extra in DB.
/// </summary>
public static class Reconciler
{
    public static readonly string[] Categories =
        ["missing_athlete_present", "missing_athlete_absent", "extra_in_db", "case_variant", "middle_name_variant"];

    public static async Task<ReconciliationSummary> ReconcileAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MeetSnapshot meet, Guid jobId, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await Sql.ExecAsync(
            conn,
            tx,
            """
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_src (
                athlete_name text NOT NULL, norm_name text NOT NULL, base_name text NOT NULL, race_an text NOT NULL, time_cs int NOT NULL
            ) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_stored (
                athlete_name text NOT NULL, norm_name text NOT NULL, base_name text, race_an text NOT NULL, time_cs int NOT NULL
            ) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_missing (
                k bigint NOT NULL, athlete_name text NOT NULL, norm_name text, base_name text, race_an text NOT NULL, time_cs int NOT NULL,
                category text, detail text
            ) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_extra (
                k bigint NOT NULL, athlete_name text NOT NULL, norm_name text, base_name text, race_an text NOT NULL, time_cs int NOT NULL,
                paired bool NOT NULL DEFAULT false
            ) ON COMMIT DELETE ROWS;
            DELETE FROM xc_recon_src; DELETE FROM xc_recon_stored; DELETE FROM xc_recon_missing; DELETE FROM xc_recon_extra;
            """,
            ct);

        var raceIds = meet.Races.Select(r => r.AthleticNetRaceId).ToHashSet(StringComparer.Ordinal);
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY xc_recon_src (athlete_name, norm_name, base_name, race_an, time_cs) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in meet.Results)
            {
                if (row.Status != FinishStatus.Finished || row.TimeCs is not > 0 || !raceIds.Contains(row.AthleticNetRaceId))
                {
                    continue;
                }

                var name = row.AthleteName.Trim();
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(name, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(NameFolding.Fold(name), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(NameFolding.BaseName(name), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(row.AthleticNetRaceId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(row.TimeCs.Value, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await Sql.BatchAsync(
            conn,
            tx,
            [
                """
                INSERT INTO xc_recon_stored (athlete_name, norm_name, base_name, race_an, time_cs)
                SELECT a.name, a.normalized_name, a.base_name, ra.athletic_net_race_id, r.time_cs
                FROM results r JOIN races ra ON ra.id = r.race_id JOIN athletes a ON a.id = r.athlete_id
                WHERE ra.athletic_net_race_id = ANY(@races)
                """,
                // Both ways as multisets (EXCEPT ALL): two tied runners of one name count twice on each side.
                """
                INSERT INTO xc_recon_missing (k, athlete_name, race_an, time_cs)
                SELECT row_number() OVER (), d.* FROM (
                    SELECT athlete_name, race_an, time_cs FROM xc_recon_src
                    EXCEPT ALL SELECT athlete_name, race_an, time_cs FROM xc_recon_stored) d
                """,
                """
                INSERT INTO xc_recon_extra (k, athlete_name, race_an, time_cs)
                SELECT row_number() OVER (), d.* FROM (
                    SELECT athlete_name, race_an, time_cs FROM xc_recon_stored
                    EXCEPT ALL SELECT athlete_name, race_an, time_cs FROM xc_recon_src) d
                """,
                """
                UPDATE xc_recon_missing m SET norm_name = s.norm_name, base_name = s.base_name
                FROM (SELECT DISTINCT ON (athlete_name) athlete_name, norm_name, base_name FROM xc_recon_src
                      WHERE athlete_name IN (SELECT athlete_name FROM xc_recon_missing)) s
                WHERE m.athlete_name = s.athlete_name
                """,
                """
                UPDATE xc_recon_extra e SET norm_name = s.norm_name, base_name = s.base_name
                FROM (SELECT DISTINCT ON (athlete_name) athlete_name, norm_name, base_name FROM xc_recon_stored
                      WHERE athlete_name IN (SELECT athlete_name FROM xc_recon_extra)) s
                WHERE e.athlete_name = s.athlete_name
                """,
                VariantPairs("case_variant", "norm_name", "case, accents or punctuation differ"),
                VariantPairs("middle_name_variant", "base_name", "middle name or suffix differs"),
                """
                UPDATE xc_recon_missing m SET
                    category = CASE WHEN p.present THEN 'missing_athlete_present' ELSE 'missing_athlete_absent' END,
                    detail = CASE WHEN p.present THEN 'an athlete of this name exists; this result is not stored' ELSE 'no athlete of this name is stored' END
                FROM (SELECT k, EXISTS (SELECT 1 FROM athletes a WHERE a.normalized_name = m2.norm_name) AS present
                      FROM xc_recon_missing m2 WHERE m2.category IS NULL) p
                WHERE m.k = p.k
                """,
                "DELETE FROM import_reconciliations WHERE job_id = @job",
                """
                INSERT INTO import_reconciliations (job_id, athletic_net_meet_id, source_rows, database_rows, matched_rows, elapsed_ms)
                SELECT @job, @meet, (SELECT count(*) FROM xc_recon_src), (SELECT count(*) FROM xc_recon_stored),
                       (SELECT count(*) FROM xc_recon_src) - (SELECT count(*) FROM xc_recon_missing), 0
                """,
                """
                INSERT INTO import_reconciliation_items (job_id, category, athlete_name, athletic_net_race_id, time_cs, detail)
                SELECT @job, category, athlete_name, race_an, time_cs, detail FROM xc_recon_missing
                UNION ALL
                SELECT @job, 'extra_in_db', athlete_name, race_an, time_cs, 'stored for this race, not in the source' FROM xc_recon_extra WHERE NOT paired
                ORDER BY 2, 4, 5
                """,
            ],
            ct,
            ("races", raceIds.ToArray()), ("job", jobId), ("meet", meet.Meet.AthleticNetMeetId));

        var categories = Categories.ToDictionary(c => c, _ => 0);
        int sourceRows, databaseRows, matched;
        await using (var command = Sql.Command(
            conn,
            tx,
            """
            SELECT source_rows, database_rows, matched_rows, (SELECT coalesce(jsonb_object_agg(category, n), '{}')::text FROM
                (SELECT category, count(*) AS n FROM import_reconciliation_items WHERE job_id = @job GROUP BY category) c)
            FROM import_reconciliations WHERE job_id = @job
            """,
            ("job", jobId)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (sourceRows, databaseRows, matched) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
            foreach (var (category, count) in System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(3))!)
            {
                categories[category] = count;
            }
        }

        var elapsed = watch.ElapsedMilliseconds;
        await Sql.ExecAsync(conn, tx, "UPDATE import_reconciliations SET elapsed_ms = @ms WHERE job_id = @job", ct, ("ms", (int)elapsed), ("job", jobId));
        return new ReconciliationSummary(sourceRows, databaseRows, matched, categories, elapsed);
    }

    /// <summary>
    /// Pairs a missing source row with an extra stored row of the same race and time whose names
    /// fold to the same key: one runner under two spellings, not a lost and an extra result.
    /// </summary>
    private static string VariantPairs(string category, string column, string why) =>
        $"""
        WITH s AS (SELECT k, {column} AS key, race_an, time_cs, row_number() OVER (PARTITION BY {column}, race_an, time_cs ORDER BY k) AS n
                   FROM xc_recon_missing WHERE category IS NULL AND {column} IS NOT NULL),
             d AS (SELECT k, {column} AS key, race_an, time_cs, athlete_name, row_number() OVER (PARTITION BY {column}, race_an, time_cs ORDER BY k) AS n
                   FROM xc_recon_extra WHERE NOT paired AND {column} IS NOT NULL),
             m AS (SELECT s.k AS sk, d.k AS dk, d.athlete_name AS stored_name FROM s JOIN d USING (key, race_an, time_cs, n)),
             pair AS (UPDATE xc_recon_extra x SET paired = true FROM m WHERE x.k = m.dk RETURNING 1)
        UPDATE xc_recon_missing x SET category = '{category}', detail = 'stored as "' || m.stored_name || '" ({why})' FROM m WHERE x.k = m.sk
        """;
}
