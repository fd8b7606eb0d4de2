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
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_source (
                k int NOT NULL, athlete_name text NOT NULL, norm_name text NOT NULL, base_name text NOT NULL, race_an text NOT NULL, time_cs int NOT NULL,
                matched bool NOT NULL DEFAULT false, category text, detail text) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS xc_recon_db (
                k int NOT NULL, athlete_name text NOT NULL, norm_name text NOT NULL, base_name text, race_an text NOT NULL, time_cs int NOT NULL,
                matched bool NOT NULL DEFAULT false) ON COMMIT DELETE ROWS;
            DELETE FROM xc_recon_source; DELETE FROM xc_recon_db;
            """,
            ct);

        var raceIds = meet.Races.Select(r => r.AthleticNetRaceId).ToHashSet(StringComparer.Ordinal);
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY xc_recon_source (k, athlete_name, norm_name, base_name, race_an, time_cs) FROM STDIN (FORMAT BINARY)", ct))
        {
            var k = 0;
            foreach (var row in meet.Results)
            {
                if (row.Status != FinishStatus.Finished || row.TimeCs is not > 0 || !raceIds.Contains(row.AthleticNetRaceId))
                {
                    continue;
                }

                var name = row.AthleteName.Trim();
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(k++, NpgsqlDbType.Integer, ct);
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
                INSERT INTO xc_recon_db (k, athlete_name, norm_name, base_name, race_an, time_cs)
                SELECT row_number() OVER (), a.name, a.normalized_name, a.base_name, ra.athletic_net_race_id, r.time_cs
                FROM results r JOIN races ra ON ra.id = r.race_id JOIN athletes a ON a.id = r.athlete_id
                WHERE ra.athletic_net_race_id = ANY(@races)
                """,
                "ANALYZE xc_recon_source", "ANALYZE xc_recon_db",
                // Exact triples, as multisets: two tied runners of the same name count twice on both sides.
                """
                WITH s AS (SELECT k, row_number() OVER (PARTITION BY athlete_name, race_an, time_cs) AS n, athlete_name, race_an, time_cs FROM xc_recon_source),
                     d AS (SELECT k, row_number() OVER (PARTITION BY athlete_name, race_an, time_cs) AS n, athlete_name, race_an, time_cs FROM xc_recon_db),
                     m AS (SELECT s.k AS sk, d.k AS dk FROM s JOIN d USING (athlete_name, race_an, time_cs, n)),
                     us AS (UPDATE xc_recon_source x SET matched = true FROM m WHERE x.k = m.sk RETURNING 1)
                UPDATE xc_recon_db x SET matched = true FROM m WHERE x.k = m.dk
                """,
                VariantPairs("case_variant", "norm_name", "case, accents or punctuation differ"),
                VariantPairs("middle_name_variant", "base_name", "middle name or suffix differs"),
                """
                UPDATE xc_recon_source s SET category = CASE WHEN EXISTS (SELECT 1 FROM athletes a WHERE a.normalized_name = s.norm_name)
                    THEN 'missing_athlete_present' ELSE 'missing_athlete_absent' END,
                    detail = CASE WHEN EXISTS (SELECT 1 FROM athletes a WHERE a.normalized_name = s.norm_name)
                    THEN 'an athlete of this name exists; this result is not stored' ELSE 'no athlete of this name is stored' END
                WHERE NOT s.matched
                """,
                "DELETE FROM import_reconciliations WHERE job_id = @job",
                """
                INSERT INTO import_reconciliations (job_id, athletic_net_meet_id, source_rows, database_rows, matched_rows, elapsed_ms)
                SELECT @job, @meet, (SELECT count(*) FROM xc_recon_source), (SELECT count(*) FROM xc_recon_db),
                       (SELECT count(*) FROM xc_recon_source WHERE matched AND category IS NULL), 0
                """,
                """
                INSERT INTO import_reconciliation_items (job_id, category, athlete_name, athletic_net_race_id, time_cs, detail)
                SELECT @job, category, athlete_name, race_an, time_cs, detail FROM xc_recon_source WHERE category IS NOT NULL
                UNION ALL
                SELECT @job, 'extra_in_db', athlete_name, race_an, time_cs, 'stored for this race, not in the source' FROM xc_recon_db WHERE NOT matched
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
    /// Pairs an unmatched source row with an unmatched stored row of the same race and time whose
    /// names fold to the same key: one runner under two spellings, not a lost and an extra result.
    /// </summary>
    private static string VariantPairs(string category, string column, string why) =>
        $"""
        WITH s AS (SELECT k, {column} AS key, race_an, time_cs, row_number() OVER (PARTITION BY {column}, race_an, time_cs ORDER BY k) AS n
                   FROM xc_recon_source WHERE NOT matched),
             d AS (SELECT k, {column} AS key, race_an, time_cs, athlete_name, row_number() OVER (PARTITION BY {column}, race_an, time_cs ORDER BY k) AS n
                   FROM xc_recon_db WHERE NOT matched AND {column} IS NOT NULL),
             m AS (SELECT s.k AS sk, d.k AS dk, d.athlete_name AS stored_name FROM s JOIN d USING (key, race_an, time_cs, n)),
             us AS (UPDATE xc_recon_source x SET matched = true, category = '{category}',
                        detail = 'stored as "' || m.stored_name || '" ({why})' FROM m WHERE x.k = m.sk RETURNING 1)
        UPDATE xc_recon_db x SET matched = true FROM m WHERE x.k = m.dk
        """;
}
