using System.Net.Http.Json;
using System.Text.Json;
using XcAspire.Silo.Import.Csv;
using XcAspire.Silo.Sample;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// Imports a generated meet folder through the running system's API once per fixture, so the
/// dashboard has race traces (with their SQL) and import metrics to show.
/// </summary>
public static class SampleImport
{
    public const string MeetId = "900077";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Starts the import of a 4-race, 400-result meet and waits until the job has finished; returns its id.</summary>
    public static async Task<string> RunAsync(AppHostProcess host)
    {
        var meet = MeetGenerator.Generate(new MeetGeneratorOptions { MeetId = MeetId, RaceCount = 4, TotalResults = 400 });
        var folder = "meet_" + MeetId;
        MeetFolderWriter.Write(meet, Path.Combine(host.StateDirectory, "data", folder), MeetFolderLayout.SingleResults);

        using var start = host.AdminRequest(HttpMethod.Post, "api/admin/import-meet/start-import");
        start.Content = JsonContent.Create(new { directoryPath = folder });
        using var started = await host.Http.SendAsync(start);
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.IsSuccessStatusCode, $"start-import answered {(int)started.StatusCode}: {body}");
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("jobId").GetString()!;

        string? status = null;
        await host.WaitForAsync(
            async () =>
            {
                using var request = host.AdminRequest(HttpMethod.Get, $"api/admin/import-meet/status/{jobId}");
                using var response = await host.Http.SendAsync(request);
                status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
                return status is "importing_complete" or "completed_with_errors" or "error" or "cancelled";
            },
            Timeout,
            $"import job {jobId} to finish");
        Assert.Equal("importing_complete", status);
        return jobId;
    }
}
