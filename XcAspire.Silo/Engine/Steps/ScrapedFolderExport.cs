using System.Text.Json.Nodes;
using Npgsql;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources;

namespace XcAspire.Silo.Steps;

/// <summary>
/// The people's copy of a scrape job: the meet folder <c>meet_&lt;id&gt;_&lt;unix&gt;/</c> under the data root
/// (product.md §7), one <c>results_race_&lt;id&gt;.csv</c> per race plus the meet's files. PostgreSQL holds
/// the durable copy; every file here is written to a temporary name and renamed, so a reader never sees
/// half a file and a retried race simply replaces its own.
/// </summary>
public sealed class ScrapedFolderExport(string dataRoot)
{
    public string DataRoot { get; } = Path.GetFullPath(dataRoot);

    public static ScrapedFolderExport FromConfiguration(IConfiguration configuration, string contentRoot) =>
        new(Path.GetFullPath(
            configuration["Data:Root"] ?? configuration["XC_DATA_ROOT"] ?? Path.Combine(".xcaspire", "data"), contentRoot));

    /// <summary>meets.csv, races.csv, venues.csv, courses.csv and metadata.json of the job's folder.</summary>
    public async Task WriteMeetAsync(NpgsqlDataSource dataSource, Guid jobId, MeetSnapshot meet, CancellationToken ct)
    {
        if (await FolderAsync(dataSource, jobId, ct) is not { } folder)
        {
            return;
        }

        WriteThrough(folder, meet with { Results = [], Schools = [] }, ["meets.csv", "races.csv", "venues.csv", "courses.csv", "metadata.json"]);
    }

    /// <summary>
    /// The race's results file and the job's schools.csv (every school of the races staged so far, read
    /// inside the race's transaction so its own rows count). The job's advisory lock orders the races of a
    /// job, so the last race to commit writes the complete school list.
    /// </summary>
    public async Task WriteRaceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, RaceRows rows, CancellationToken ct)
    {
        if (await FolderAsync(connection, transaction, jobId, ct) is not { } folder)
        {
            return;
        }

        await using (var lockJob = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockJob.Parameters.AddWithValue("key", ExportLockKey(jobId));
            await lockJob.ExecuteNonQueryAsync(ct);
        }

        var schools = await StagedSchoolsAsync(connection, transaction, jobId, ct);
        var race = new MeetSnapshot(
            new MeetRecord("0", "export", DateOnly.MinValue, 2000, null, null), null, [], [rows.Race], schools, rows.Results, [], []);
        WriteThrough(folder, race, [$"results_race_{rows.Race.AthleticNetRaceId}.csv", "schools.csv"]);
        UpdateTotals(folder, await StagedResultCountAsync(connection, transaction, jobId, ct), schools.Count);
    }

    /// <summary>
    /// metadata.json is written with the meet, before any race is scraped; its totals follow the races
    /// staged so far, so the folder's own check (results files against total_results) holds on re-import.
    /// </summary>
    private static void UpdateTotals(string folder, int results, int schools)
    {
        var path = Path.Combine(folder, "metadata.json");
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject metadata)
        {
            return;
        }

        metadata["total_results"] = results;
        metadata["total_schools"] = schools;
        var scratch = path + $".writing-{Guid.NewGuid():N}";
        File.WriteAllText(scratch, metadata.ToJsonString());
        File.Move(scratch, path, overwrite: true);
    }

    private static async Task<int> StagedResultCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(jsonb_array_length(results)), 0)::int FROM job_race_rows WHERE job_id = @job", connection, transaction);
        command.Parameters.AddWithValue("job", jobId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<IReadOnlyList<SchoolRecord>> StagedSchoolsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (coalesce(r->>'athleticNetTeamId', r->>'schoolName')) r->>'schoolName', r->>'athleticNetTeamId', r->>'schoolSourceKey'
            FROM job_race_rows s, jsonb_array_elements(s.results) r
            WHERE s.job_id = @job
            ORDER BY coalesce(r->>'athleticNetTeamId', r->>'schoolName')
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("job", jobId);
        var schools = new List<SchoolRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            schools.Add(new SchoolRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return schools;
    }

    private void WriteThrough(string folder, MeetSnapshot snapshot, IReadOnlyList<string> files)
    {
        Directory.CreateDirectory(folder);
        var scratch = Directory.CreateDirectory(Path.Combine(folder, $".writing-{Guid.NewGuid():N}"));
        try
        {
            MeetFolderWriter.Write(snapshot, scratch.FullName, MeetFolderLayout.PerRaceResults);
            foreach (var file in files)
            {
                var written = Path.Combine(scratch.FullName, file);
                if (File.Exists(written))
                {
                    File.Move(written, Path.Combine(folder, file), overwrite: true);
                }
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<string?> FolderAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FolderAsync(connection, null, jobId, ct);
    }

    private async Task<string?> FolderAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid jobId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT directory_path FROM import_jobs WHERE id = @job", connection, transaction);
        command.Parameters.AddWithValue("job", jobId);
        if (await command.ExecuteScalarAsync(ct) is not string relative || relative.Length == 0)
        {
            return null;
        }

        var full = Path.GetFullPath(relative, DataRoot);
        // The API only ever stores folders under the data root; anything else is not ours to write.
        return full.StartsWith(DataRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private static long ExportLockKey(Guid jobId) => BitConverter.ToInt64(jobId.ToByteArray(), 8);
}
