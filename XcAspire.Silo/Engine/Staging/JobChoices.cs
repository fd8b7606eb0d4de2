using System.Text.Json;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Staging;

/// <summary>
/// The operator's venue and course choices for a job, as its MeetGrain recorded them in the job table
/// when the job started. Every import of the job's rows (a race, a dry run, the meet step) applies them.
/// </summary>
public static class JobChoices
{
    public static async Task<MeetChoices?> ReadAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT choices::text FROM import_jobs WHERE id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<MeetChoices>(json) : null;
    }

    /// <summary>A job's staged rows with its choices applied.</summary>
    public static async Task<MeetSnapshot> ApplyAsync(NpgsqlDataSource dataSource, Guid jobId, MeetSnapshot staged, CancellationToken ct) =>
        await MeetChoicesApplier.ApplyAsync(dataSource, await ReadAsync(dataSource, jobId, ct), staged, ct);
}
