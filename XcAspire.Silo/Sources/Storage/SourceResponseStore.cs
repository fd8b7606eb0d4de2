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

    /// <summary>
    /// Stores a good (HTTP 200) response while <paramref name="read"/> reads it, and keeps it only if the read
    /// succeeds: a body in a shape we cannot read is never stored, and writing a large meet's answer
    /// overlaps reading it instead of following it. Returns what was read.
    /// </summary>
    public async Task<T> SaveReadableAsync<T>(Guid jobId, string url, string requestBody, string body, Func<T> read, CancellationToken ct)
    {
        // The read starts at once, not after the connection is opened and the insert sent: the scrape waits for both.
        var reading = Task.Run(read, ct);
        try
        {
            return await SaveWhileReadingAsync(jobId, url, requestBody, body, reading, ct);
        }
        finally
        {
            // Never left running unobserved when the database fails first; its own failure is reported inside.
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<T> SaveWhileReadingAsync<T>(Guid jobId, string url, string requestBody, string body, Task<T> reading, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A second silo that fetched the same response concurrently keeps the first copy: they are the same call.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO source_responses (job_id, url, request_body, status, body)
            VALUES (@job, @url, @request, 200, @body)
            ON CONFLICT ON CONSTRAINT source_responses_request_key DO NOTHING
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("request", requestBody);
        command.Parameters.AddWithValue("body", body);
        var insert = command.ExecuteNonQueryAsync(ct);

        T value;
        try
        {
            value = await reading;
        }
        catch
        {
            // The insert must finish before the transaction rolls back; the read's failure is the one to report.
            await ((Task)insert).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await insert;
        await transaction.CommitAsync(ct);
        return value;
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
