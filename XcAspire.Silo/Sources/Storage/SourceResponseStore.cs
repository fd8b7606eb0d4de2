using Npgsql;

namespace XcAspire.Silo.Sources.Storage;

/// <summary>
/// Every good source response of a job, in <c>source_responses</c>: a retry, a re-run after a crash or a
/// race on another silo reads it from here and never asks the source again.
/// </summary>
public sealed class SourceResponseStore(NpgsqlDataSource dataSource)
{
    public async Task<string?> FindAsync(Guid jobId, string url, string requestBody, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT body FROM source_responses WHERE job_id = @job AND url = @url AND request_body = @request");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("request", requestBody);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task SaveAsync(Guid jobId, string url, string requestBody, int status, string body, CancellationToken ct)
    {
        // A second silo that fetched the same response concurrently keeps the first copy: they are the same call.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO source_responses (job_id, url, request_body, status, body)
            VALUES (@job, @url, @request, @status, @body)
            ON CONFLICT ON CONSTRAINT source_responses_request_key DO NOTHING
            """);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("request", requestBody);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("body", body);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets a stored response, e.g. GetMeetData after its token was rejected, so a retry fetches a fresh one.</summary>
    public async Task ForgetAsync(Guid jobId, string url, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM source_responses WHERE job_id = @job AND url = @url");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>How many responses a job has stored (for reports and tests).</summary>
    public async Task<int> CountAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*)::int FROM source_responses WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }
}
