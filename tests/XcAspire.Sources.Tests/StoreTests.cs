using XcAspire.Silo.Sources.Storage;
using XcAspire.Testing;

namespace XcAspire.Sources.Tests;

/// <summary>The response store against a real database: what is stored comes back exactly, whichever way it was stored.</summary>
public sealed class StoreTests
{
    private const string Url = "http://source/api/v1/Meet/GetAllResultsData?meetId=1";

    [Fact]
    public async Task A_stored_body_comes_back_exactly_and_takes_a_fraction_of_its_size()
    {
        await using var database = await TestPostgres.CreateMigratedAsync();
        var store = new SourceResponseStore(database.DataSource);
        var jobId = Guid.NewGuid();
        var body = "{\"results\":[" + string.Join(',', Enumerable.Range(0, 5000).Select(i => $"{{\"FirstName\":\"José Ñúñez 🏃 {i}\",\"Result\":\"16:{i % 60:00}.2\"}}")) + "]}";

        var read = await store.SaveReadableAsync(jobId, Url, string.Empty, body, () => body.Length, CancellationToken.None);

        Assert.Equal(body.Length, read);
        Assert.Equal(body, await store.FindAsync(jobId, Url, string.Empty, CancellationToken.None));
        var storedBytes = await database.ScalarAsync<int>("SELECT octet_length(body_zlib) FROM source_responses");
        Assert.True(storedBytes < body.Length / 4, $"{storedBytes} bytes stored for {body.Length} characters");
    }

    [Fact]
    public async Task A_body_stored_as_text_before_bodies_were_compressed_is_still_found()
    {
        await using var database = await TestPostgres.CreateMigratedAsync();
        var jobId = Guid.NewGuid();
        await database.ExecuteAsync(
            $"INSERT INTO source_responses (job_id, url, status, body) VALUES ('{jobId}', '{Url}', 200, '{{\"results\":[]}}')");

        Assert.Equal("{\"results\":[]}", await new SourceResponseStore(database.DataSource).FindAsync(jobId, Url, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_cannot_be_read_is_not_stored()
    {
        await using var database = await TestPostgres.CreateMigratedAsync();
        var store = new SourceResponseStore(database.DataSource);
        var jobId = Guid.NewGuid();

        await Assert.ThrowsAsync<FormatException>(() => store.SaveReadableAsync<int>(
            jobId, Url, string.Empty, "<html>", () => throw new FormatException("not JSON"), CancellationToken.None));

        Assert.Null(await store.FindAsync(jobId, Url, string.Empty, CancellationToken.None));
        Assert.Equal(0, await store.CountAsync(jobId, CancellationToken.None));
    }
}
