using System.Net.Http.Json;
using System.Text.Json;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// The whole system as a user runs it: a meet scraped from the AppHost's sample source and imported
/// through the API, with a silo killed (SIGKILL) in the middle; the import still completes.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ScrapeImportFailoverTests(RunningSystemFixture system)
{
    // The sample source's 84-race meet: big enough that the import is still running when the silo dies.
    private const string MeetId = "920084";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_sample_meet_scraped_and_imported_through_the_api_completes_though_a_silo_is_killed_midway()
    {
        var host = system.Host;
        var metadata = await SendAsync(HttpMethod.Post, "api/admin/import-meet/fetch-metadata", new { meetId = MeetId });
        var races = metadata.GetProperty("races").GetArrayLength();
        Assert.Equal(84, races);
        var choices = new
        {
            venue = new { name = metadata.GetProperty("venue").GetProperty("name").GetString() },
            courses = metadata.GetProperty("courses").EnumerateArray()
                .Select(c => new { distanceMeters = c.GetProperty("distanceMeters").GetInt32(), name = c.GetProperty("name").GetString() }).ToList(),
        };
        var started = await SendAsync(HttpMethod.Post, "api/admin/import-meet/start-scrape", new { meetId = MeetId, metadata = choices, autoImport = true });
        var jobId = started.GetProperty("jobId").GetString()!;

        // Kill a silo once the import is under way (some races imported, others still to go).
        await host.WaitForAsync(
            async () => await StatusAsync(jobId) is var s && s.GetProperty("races").GetProperty("imported").GetInt32() > 0,
            Timeout,
            "the first races imported");
        var before = await host.GetResourceAsync("silo-1");
        var killed = await host.KillResourceAsync("silo-1");

        JsonElement status = default;
        await host.WaitForAsync(
            async () =>
            {
                status = await StatusAsync(jobId);
                return status.GetProperty("status").GetString() is "importing_complete" or "completed_with_errors" or "error" or "cancelled";
            },
            Timeout,
            $"job {jobId} to finish after silo-1 was killed");
        Assert.Equal("importing_complete", status.GetProperty("status").GetString());
        Assert.Equal(races, status.GetProperty("races").GetProperty("imported").GetInt32());
        var results = status.GetProperty("results");
        Assert.Equal(
            results.GetProperty("read").GetInt32(),
            results.GetProperty("inserted").GetInt32() + results.GetProperty("already_present").GetInt32()
            + results.GetProperty("updated").GetInt32() + results.GetProperty("rejected").GetInt32());
        Assert.True(results.GetProperty("inserted").GetInt32() > 10_000);

        // The dashboard: every resource listed, the killed silo back, and traces of this job's races.
        var resources = await host.GetResourcesAsync();
        Assert.Equal(["postgres", "sample-source", "silo-1", "silo-2", "api"], resources.Select(r => r.Name));
        await host.WaitForAsync(
            async () => await host.GetResourceAsync("silo-1") is { State: "running" } silo && silo.ProcessId != killed && silo.Restarts > before.Restarts,
            Timeout,
            "silo-1 restarted");
        await host.WaitForAsync(async () => (await host.GetTracesAsync(jobId)).Count > 0, Timeout, $"traces of job {jobId} on the dashboard");
    }

    private async Task<JsonElement> StatusAsync(string jobId) =>
        await SendAsync(HttpMethod.Get, $"api/admin/import-meet/status/{jobId}", null);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = system.Host.AdminRequest(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await system.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
