using System.Net.Http.Json;
using System.Text.Json;

namespace XcAspire.AppHost.Tests;

/// <summary>Import jobs through the API, as the admin UI or a script drives them.</summary>
public static class ImportJobs
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    private static readonly string[] Finished = ["importing_complete", "completed_with_errors", "error", "cancelled"];

    /// <summary>start-scrape with autoImport: the job scrapes every race of the meet and imports each as it is scraped.</summary>
    public static async Task<string> StartScrapeAsync(HttpClient api, string meetId)
    {
        using var response = await api.PostAsJsonAsync("/api/admin/import-meet/start-scrape", new { meetId, autoImport = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"start-scrape {meetId} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("jobId").GetString()!;
    }

    /// <summary>The job's status, or null while the API does not answer (it is restarting).</summary>
    public static async Task<JsonElement?> StatusAsync(HttpClient api, string jobId)
    {
        try
        {
            using var response = await api.GetAsync($"/api/admin/import-meet/status/{jobId}");
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static int ImportedRaces(JsonElement status) => status.GetProperty("races").GetProperty("imported").GetInt32();

    public static async Task<JsonElement> WaitFinishedAsync(Func<HttpClient> api, string jobId)
    {
        JsonElement? status = null;
        await Wait.UntilAsync(
            async () => (status = await StatusAsync(api(), jobId)) is { } s && Finished.Contains(s.GetProperty("status").GetString()),
            Timeout,
            $"job {jobId} to finish");
        return status!.Value;
    }

    /// <summary>A finished job that imported every race, each row read accounted for exactly once.</summary>
    public static void AssertComplete(JsonElement status, int races)
    {
        Assert.Equal("importing_complete", status.GetProperty("status").GetString());
        Assert.Equal(races, ImportedRaces(status));
        var results = status.GetProperty("results");
        Assert.Equal(
            results.GetProperty("read").GetInt32(),
            results.GetProperty("inserted").GetInt32() + results.GetProperty("already_present").GetInt32()
            + results.GetProperty("updated").GetInt32() + results.GetProperty("rejected").GetInt32());
    }
}
