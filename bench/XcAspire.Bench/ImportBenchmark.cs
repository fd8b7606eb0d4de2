using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.Silo.MeetData;

namespace XcAspire.Bench;

/// <summary>
/// One warm process: a small warm-up import first (JIT, connection pool), then each size into a fresh
/// database: generate a meet, write it as a folder (setup, not timed), then read + import + finalize
/// (timed, end to end); then two floors: a plain binary COPY of the same rows into a bare table (the
/// physical floor) and the rows the import wrote written again into the schema as it is (the schema floor).
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(string adminConnection, int[] sizes)
    {
        await RunOneAsync(adminConnection, 1_000, print: false);
        Console.WriteLine("size     races  results/s   import ms  read ms  recon ms  derived ms  COPY floor/s  ratio  schema floor/s  ratio  peak MB  outcomes");
        var ok = true;
        foreach (var size in sizes)
        {
            ok &= await RunOneAsync(adminConnection, size, print: true);
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> RunOneAsync(string adminConnection, int size, bool print)
    {
        var database = $"xc_bench_{size}_{Environment.ProcessId}";
        await AdminAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{database}\"");
        await AdminAsync(adminConnection, $"CREATE DATABASE \"{database}\"");
        var connection = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("xc-bench-").FullName;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connection);
            await new Migrator(dataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded()).ApplyAsync();
            var written = BenchMeet.WriteFolder(size, folder);

            var engine = await BenchMeet.ImportAsync(dataSource, folder);
            var (meet, result, _, elapsed) = engine;

            var floor = await CopyFloorAsync(dataSource, meet);
            var schemaFloor = result.Counts.Read / (await SchemaFloor.MeasureAsync(dataSource)).TotalSeconds;
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var perSecond = result.Counts.Read / elapsed.TotalSeconds;
            if (print)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{size,-8} {written.Races,5}  {perSecond,9:N0}  {elapsed.TotalMilliseconds,10:N0}  {engine.Read.TotalMilliseconds,7:N0}  {result.Finalize.Reconciliation.ElapsedMs,8:N0}  {result.Finalize.DerivedRebuildMs,10:N0}  {floor,12:N0}  {floor / perSecond,5:N1}x  {schemaFloor,14:N0}  {schemaFloor / perSecond,5:N1}x  {peakMb,7:N0}  {BenchMeet.Describe(result.Counts, engine.AddsUp)}"));
            }

            return engine.AddsUp;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>Rows per second of a plain binary COPY of the same rows into a bare table.</summary>
    private static async Task<double> CopyFloorAsync(NpgsqlDataSource dataSource, MeetSnapshot meet)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE copy_floor (race text, athlete text, school text, time_cs int, grade smallint)", conn))
        {
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using (var writer = await conn.BeginBinaryImportAsync("COPY copy_floor FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in meet.Results)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.AthleticNetRaceId, NpgsqlDbType.Text);
                await writer.WriteAsync(row.AthleteName, NpgsqlDbType.Text);
                await writer.WriteAsync(row.SchoolName, NpgsqlDbType.Text);
                if (row.TimeCs is { } time)
                {
                    await writer.WriteAsync(time, NpgsqlDbType.Integer);
                }
                else
                {
                    await writer.WriteNullAsync();
                }

                if (row.Grade is { } grade)
                {
                    await writer.WriteAsync((short)grade, NpgsqlDbType.Smallint);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
            }

            await writer.CompleteAsync();
        }

        return meet.Results.Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task AdminAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
