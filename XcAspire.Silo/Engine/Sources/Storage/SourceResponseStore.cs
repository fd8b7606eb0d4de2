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
        // Responses stored before bodies were compressed have their text in body.
        await using var command = dataSource.CreateCommand(
            "SELECT body, body_zlib FROM source_responses WHERE job_id = @job AND url = @url AND request_body = @request");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("request", requestBody);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return reader.IsDBNull(1) ? reader.GetString(0) : StoredBody.Decompress(reader.GetFieldValue<byte[]>(1));
    }

    /// <summary>
    /// Stores a good (HTTP 200) response while <paramref name="read"/> reads it, and keeps it only if the read
    /// succeeds: a body in a shape we cannot read is never stored, and writing a large meet's answer
    /// overlaps reading it instead of following it. Returns what was read.
    /// </summary>
    public async Task<T> SaveReadableAsync<T>(Guid jobId, string url, string requestBody, string body, Func<T> read, CancellationToken ct)
    {
        // The read and the compression start at once, side by side, not after the connection is opened: the
        // scrape waits for both the read and the insert.
        var reading = Task.Run(read, ct);
        var compressing = Task.Run(() => StoredBody.Compress(body), ct);
        try
        {
            return await SaveWhileReadingAsync(jobId, url, requestBody, compressing, reading, ct);
        }
        finally
        {
            // Never left running unobserved when the database fails first; their own failures are reported inside.
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ((Task)compressing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<T> SaveWhileReadingAsync<T>(
        Guid jobId, string url, string requestBody, Task<byte[]> compressing, Task<T> reading, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A second silo that fetched the same response concurrently keeps the first copy: they are the same call.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO source_responses (job_id, url, request_body, status, body_zlib)
            VALUES (@job, @url, @request, 200, @body)
            ON CONFLICT ON CONSTRAINT source_responses_request_key DO NOTHING
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("request", requestBody);
        command.Parameters.AddWithValue("body", await compressing);
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
